package vn.cantho.ioc.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;

class DeviceStatusTest {
  private static final Instant NOW = Instant.parse("2026-11-23T06:00:00Z");
  private static final Device LAMP =
      new Device("sl-1", Domain.LIGHTING, "led_streetlight", "Đèn", 105.7, 10, "31135", 60);
  private static final Device PROBE =
      new Device("wq-1", Domain.of("water"), "shrimp_pond", "Ao", 105.7, 10, "31135", 15);

  @Test
  void neverSeenIsUnknown() {
    assertThat(DeviceStatus.of(LAMP, null, NOW)).isEqualTo(DeviceStatus.UNKNOWN);
  }

  @Test
  void offlineAfterThreeMissedIntervals() {
    assertThat(DeviceStatus.of(LAMP, NOW.minusSeconds(179), NOW)).isEqualTo(DeviceStatus.ONLINE);
    assertThat(DeviceStatus.of(LAMP, NOW.minusSeconds(181), NOW)).isEqualTo(DeviceStatus.OFFLINE);
  }

  @Test
  void fastReportersStillGetNinetySeconds() {
    assertThat(DeviceStatus.of(PROBE, NOW.minusSeconds(80), NOW)).isEqualTo(DeviceStatus.ONLINE);
    assertThat(DeviceStatus.of(PROBE, NOW.minusSeconds(91), NOW)).isEqualTo(DeviceStatus.OFFLINE);
  }
}
