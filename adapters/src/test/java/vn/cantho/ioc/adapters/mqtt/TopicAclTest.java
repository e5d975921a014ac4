package vn.cantho.ioc.adapters.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.auth.DeviceGrant;

class TopicAclTest {
  private final DeviceGrant device =
      new DeviceGrant("wq-0001", DeviceGrant.Kind.DEVICE, Set.of("wq-0001"), false);
  private final DeviceGrant gateway =
      new DeviceGrant("gw-1", DeviceGrant.Kind.GATEWAY, Set.of("wq-0001", "tf-0002"), false);
  private final DeviceGrant everyDevice =
      new DeviceGrant("sim", DeviceGrant.Kind.GATEWAY, Set.of(), true);
  private final DeviceGrant node =
      new DeviceGrant("ioc-node", DeviceGrant.Kind.NODE, Set.of(), false);

  @Test
  void aClientIdBelongsToTheCredentialNamedBeforeItsFirstColon() {
    assertThat(TopicAcl.mayUseClientId("ioc-demo", "ioc-demo")).isTrue();
    assertThat(TopicAcl.mayUseClientId("ioc", "ioc-demo"))
        .as("a dash is part of names: ioc-demo is the node's, not ioc's")
        .isFalse();
    assertThat(TopicAcl.mayUseClientId("ioc", "ioc:demo")).isTrue();
    assertThat(TopicAcl.mayUseClientId("sim", "sim:3fa2c1-4")).isTrue();
    assertThat(TopicAcl.mayUseClientId("sim", "sim-3fa2c1-4")).isFalse();
    assertThat(TopicAcl.mayUseClientId("ioc", "ioc-demo:x")).isFalse();
    assertThat(TopicAcl.mayUseClientId("ioc", "")).isFalse();
    assertThat(TopicAcl.mayUseClientId(null, "ioc")).isFalse();
    assertThat(TopicAcl.mayUseClientId("ioc", null)).isFalse();
    assertThat(TopicAcl.ownerOf("gw-1:a:b")).isEqualTo("gw-1");
    assertThat(TopicAcl.clientId("gw-1", "uplink")).isEqualTo("gw-1:uplink");
  }

  @Test
  void aDevicePublishesOnlyOnItsOwnUplink() {
    assertThat(TopicAcl.mayPublish(device, "cantho/v1/water/wq-0001/up")).isTrue();
    assertThat(TopicAcl.mayPublish(device, "cantho/v1/water/wq-0002/up")).isFalse();
    assertThat(TopicAcl.mayPublish(device, "cantho/v1/water/wq-0001/down")).isFalse();
    assertThat(TopicAcl.mayPublish(device, "cantho/v1/water/+/up")).isFalse();
    assertThat(TopicAcl.mayPublish(device, "cantho/v1/water/wq-0001/up/extra")).isFalse();
    assertThat(TopicAcl.maySubscribe(device, "cantho/v1/+/+/up")).isFalse();
  }

  @Test
  void aGatewayPublishesForItsDevicesOnly() {
    assertThat(TopicAcl.mayPublish(gateway, "cantho/v1/traffic/tf-0002/up")).isTrue();
    assertThat(TopicAcl.mayPublish(gateway, "cantho/v1/traffic/tf-0003/up")).isFalse();
    assertThat(TopicAcl.mayPublish(everyDevice, "cantho/v1/traffic/tf-0003/up")).isTrue();
    assertThat(TopicAcl.mayPublish(everyDevice, "cantho/v1/traffic/#")).isFalse();
    assertThat(TopicAcl.publishFilters(gateway))
        .containsExactly(
            "cantho/v1/+/tf-0002/up",
            "cantho/v1/+/tf-0002/reply",
            "cantho/v1/+/wq-0001/up",
            "cantho/v1/+/wq-0001/reply");
    assertThat(TopicAcl.publishFilters(everyDevice))
        .containsExactly(MqttIngestConfig.TOPIC_FILTER, CommandTopics.REPLY_FILTER);
  }

  @Test
  void aNodeSubscribesToUplinksAndRepliesAndPublishesOnlyCommands() {
    assertThat(TopicAcl.maySubscribe(node, "cantho/v1/+/+/up")).isTrue();
    assertThat(TopicAcl.maySubscribe(node, "$share/ioc/cantho/v1/+/+/up")).isTrue();
    assertThat(TopicAcl.maySubscribe(node, CommandTopics.REPLY_FILTER)).isTrue();
    assertThat(TopicAcl.maySubscribe(node, "#")).isFalse();
    assertThat(TopicAcl.maySubscribe(node, CommandTopics.DOWN_FILTER)).isFalse();
    assertThat(TopicAcl.mayReceive(node, "cantho/v1/water/wq-0001/up")).isTrue();
    assertThat(TopicAcl.mayReceive(node, "cantho/v1/water/wq-0001/reply")).isTrue();
    assertThat(TopicAcl.mayPublish(node, "cantho/v1/water/wq-0001/up")).isFalse();
    assertThat(TopicAcl.mayPublish(node, "cantho/v1/lighting/sl-0001/down")).isTrue();
    assertThat(TopicAcl.mayPublish(node, "cantho/v1/lighting/+/down")).isFalse();
    assertThat(TopicAcl.publishFilters(node))
        .containsExactly(CommandTopics.DOWN_FILTER, TopicAcl.OPEN_FILTER);
  }

  @Test
  void aDeviceListensToItsOwnDownlinkOnlyAndAnswersOnItsOwnReplyTopic() {
    assertThat(TopicAcl.maySubscribe(device, "cantho/v1/water/wq-0001/down")).isTrue();
    assertThat(TopicAcl.maySubscribe(device, "cantho/v1/+/wq-0001/down")).isTrue();
    assertThat(TopicAcl.maySubscribe(device, "cantho/v1/water/wq-0002/down")).isFalse();
    assertThat(TopicAcl.maySubscribe(device, "cantho/v1/water/+/down")).isFalse();
    assertThat(TopicAcl.maySubscribe(device, "cantho/v1/#")).isFalse();
    assertThat(TopicAcl.maySubscribe(device, "cantho/v1/#/wq-0001/down")).isFalse();
    assertThat(TopicAcl.maySubscribe(device, "$share/g/cantho/v1/water/wq-0001/down")).isFalse();
    assertThat(TopicAcl.maySubscribe(device, CommandTopics.REPLY_FILTER)).isFalse();
    assertThat(TopicAcl.mayReceive(device, "cantho/v1/water/wq-0001/down")).isTrue();
    assertThat(TopicAcl.mayReceive(device, "cantho/v1/water/wq-0002/down")).isFalse();
    assertThat(TopicAcl.mayPublish(device, "cantho/v1/water/wq-0001/reply")).isTrue();
    assertThat(TopicAcl.mayPublish(device, "cantho/v1/water/wq-0002/reply")).isFalse();
    assertThat(TopicAcl.subscribeFilters(device))
        .containsExactly("cantho/v1/+/wq-0001/down", TopicAcl.OPEN_FILTER);
    assertThat(TopicAcl.maySubscribe(everyDevice, CommandTopics.DOWN_FILTER)).isTrue();
    assertThat(TopicAcl.subscribeFilters(everyDevice))
        .containsExactly(CommandTopics.DOWN_FILTER, TopicAcl.OPEN_FILTER);
  }

  @Test
  void theOpenTopicsArePublicDataOnlyTheNodeWrites() {
    for (DeviceGrant g : List.of(node, device, everyDevice)) {
      assertThat(TopicAcl.maySubscribe(g, "v1.0/Datastreams(5)/Observations")).isTrue();
      assertThat(TopicAcl.maySubscribe(g, "v1.0/#")).isTrue();
      assertThat(TopicAcl.mayReceive(g, "v1.0/Observations")).isTrue();
    }
    assertThat(TopicAcl.mayPublish(node, "v1.0/Datastreams(5)/Observations")).isTrue();
    assertThat(TopicAcl.mayPublish(node, "v1.0/#")).isFalse();
    assertThat(TopicAcl.mayPublish(device, "v1.0/Datastreams(5)/Observations")).isFalse();
    assertThat(TopicAcl.mayPublish(everyDevice, "v1.0/Observations")).isFalse();
    assertThat(TopicAcl.maySubscribe(device, "v1.0")).isFalse();
  }
}
