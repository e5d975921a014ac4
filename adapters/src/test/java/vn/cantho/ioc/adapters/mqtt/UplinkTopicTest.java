package vn.cantho.ioc.adapters.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.device.Domain;

class UplinkTopicTest {
  @Test
  void parsesTheDocumentedScheme() {
    assertThat(UplinkTopic.parse("cantho/v1/traffic/tf-0042/up"))
        .contains(new UplinkTopic(Domain.of("traffic"), "tf-0042"));
  }

  @Test
  void aWellFormedDomainParsesWhetherOrNotAFeatureServesIt() {
    // The adapter refuses a domain its catalog does not serve; the topic's syntax allows any.
    assertThat(UplinkTopic.parse("cantho/v1/sewage/x-1/up"))
        .contains(new UplinkTopic(Domain.of("sewage"), "x-1"));
  }

  @Test
  void refusesAnythingElse() {
    assertThat(UplinkTopic.parse("cantho/v1/Sewage!/x-1/up")).isEmpty();
    assertThat(UplinkTopic.parse("cantho/v2/water/wq-0001/up")).isEmpty();
    assertThat(UplinkTopic.parse("cantho/v1/water/wq-0001/down")).isEmpty();
    assertThat(UplinkTopic.parse("cantho/v1/water/wq 0001/up")).isEmpty();
    assertThat(UplinkTopic.parse("cantho/v1/water/wq-0001/up/extra")).isEmpty();
  }
}
