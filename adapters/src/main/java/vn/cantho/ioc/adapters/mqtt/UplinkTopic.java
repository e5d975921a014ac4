package vn.cantho.ioc.adapters.mqtt;

import java.util.Optional;
import vn.cantho.ioc.core.device.DeviceIds;
import vn.cantho.ioc.core.device.Domain;

/** A parsed uplink topic {@code cantho/v1/{domain}/{deviceId}/up}. */
record UplinkTopic(Domain domain, String deviceId) {

  static Optional<UplinkTopic> parse(String topic) {
    String[] parts = topic.split("/", -1);
    if (parts.length != 5
        || !parts[0].equals("cantho")
        || !parts[1].equals("v1")
        || !parts[4].equals("up")
        || !DeviceIds.isValid(parts[3])) {
      return Optional.empty();
    }
    return Domain.fromCode(parts[2]).map(domain -> new UplinkTopic(domain, parts[3]));
  }
}
