package vn.cantho.ioc.adapters.mqtt;

import vn.cantho.ioc.core.auth.DeviceGrant;

/**
 * Who may publish and subscribe where. A device publishes only on its own uplink topic, a gateway
 * on its devices' (or on any uplink topic when it serves all devices), an ingest node only
 * subscribes to uplinks. Nobody else may do anything. The embedded broker turns the same rules into
 * topic permissions ({@link #publishFilters}); external brokers ask {@link BrokerAuthEndpoint}.
 */
public final class TopicAcl {
  private TopicAcl() {}

  /**
   * Joins a credential's name to the rest of a client id ({@code sim:water-1}). Credential names
   * never contain it (1-64 of {@code A-Z a-z 0-9 . _ -}), so every client id has exactly one owner.
   */
  public static final char CLIENT_ID_SEPARATOR = ':';

  /**
   * A client id must be the credential's name or {@code name:…}: it belongs to exactly that
   * credential, so no credential can take over another client's session (the ingest node's, with
   * its subscription) or kick it off. A dash cannot serve: {@code ioc-demo} would then be claimable
   * by a credential named {@code ioc}.
   */
  public static boolean mayUseClientId(String username, String clientId) {
    return username != null && clientId != null && username.equals(ownerOf(clientId));
  }

  /** The credential a client id belongs to: everything before the first {@code :}. */
  public static String ownerOf(String clientId) {
    int separator = clientId.indexOf(CLIENT_ID_SEPARATOR);
    return separator < 0 ? clientId : clientId.substring(0, separator);
  }

  /** The client id {@code name:suffix} of a credential's further connections. */
  public static String clientId(String username, String suffix) {
    return username + CLIENT_ID_SEPARATOR + suffix;
  }

  public static boolean mayPublish(DeviceGrant grant, String topic) {
    if (grant.kind() == DeviceGrant.Kind.NODE || !isUplink(topic)) {
      return false;
    }
    return grant.allDevices() || grant.maySendFor(topic.split("/", -1)[3]);
  }

  /** Ingest nodes receive every uplink message. */
  public static boolean mayReceive(DeviceGrant grant, String topic) {
    return grant.mayReadUplinks() && isUplink(topic);
  }

  /** Ingest nodes may subscribe to the uplink filter, shared or not. */
  public static boolean maySubscribe(DeviceGrant grant, String filter) {
    if (!grant.mayReadUplinks()) {
      return false;
    }
    if (filter.startsWith("$share/")) {
      int groupEnd = filter.indexOf('/', "$share/".length());
      filter = groupEnd < 0 ? "" : filter.substring(groupEnd + 1);
    }
    return MqttIngestConfig.TOPIC_FILTER.equals(filter);
  }

  /** MQTT topic filters that allow exactly the topics {@link #mayPublish} allows. */
  public static java.util.List<String> publishFilters(DeviceGrant grant) {
    if (grant.kind() == DeviceGrant.Kind.NODE) {
      return java.util.List.of();
    }
    if (grant.allDevices()) {
      return java.util.List.of(MqttIngestConfig.TOPIC_FILTER);
    }
    return grant.devices().stream().sorted().map(id -> "cantho/v1/+/" + id + "/up").toList();
  }

  /** {@code cantho/v1/<one level>/<one level>/up}, no wildcards: the shape TOPIC_FILTER matches. */
  private static boolean isUplink(String topic) {
    String[] parts = topic.split("/", -1);
    return parts.length == 5
        && parts[0].equals("cantho")
        && parts[1].equals("v1")
        && parts[4].equals("up")
        && !parts[2].isEmpty()
        && !parts[3].isEmpty()
        && !topic.contains("+")
        && !topic.contains("#");
  }
}
