package vn.cantho.ioc.core.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceIdsTest {
  @ParameterizedTest
  @ValueSource(strings = {"wq-0001", "a", "Z9", "flood.cai-khe_01", "0-leading-digit"})
  void acceptsTopicAndUrlSafeIds(String id) {
    assertThat(DeviceIds.isValid(id)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-leading-dash",
        ".hidden",
        "has space",
        "slash/inside",
        "plus+",
        "hash#",
        "tab\tinside",
        "nul\0",
        "đèn-01",
        "x'; DROP TABLE readings; --"
      })
  void refusesEverythingElse(String id) {
    assertThat(DeviceIds.isValid(id)).isFalse();
  }

  @Test
  void sixtyFourCharactersAtMost() {
    assertThat(DeviceIds.isValid("a".repeat(64))).isTrue();
    assertThat(DeviceIds.isValid("a".repeat(65))).isFalse();
    assertThat(DeviceIds.isValid(null)).isFalse();
  }
}
