package vn.cantho.ioc.adapters.mqtt;

import vn.cantho.ioc.core.auth.DeviceGrant;

/**
 * Who may publish and subscribe where. A device publishes only on its own uplink and reply topics
 * and subscribes only to its own downlink; a gateway does the same for its devices (or for every
 * device when it serves all); a node subscribes to uplinks and replies and publishes downlinks
 * (docs/commands.md). The open topics ({@code v1.0/…}, open data's SensorThings MQTT extension) are
 * public: only the node publishes there, every credential may subscribe. Nobody else may do
 * anything. The embedded broker turns the same rules into topic permissions ({@link
 * #publishFilters}); external brokers ask {@link BrokerAuthEndpoint}.
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

  /**
   * A device publishes its uplink and its answers to commands, a gateway those of its devices, a
   * node the commands (downlinks) and nothing else.
   */
  public static boolean mayPublish(DeviceGrant grant, String topic) {
    if (isOpen(topic)) {
      return grant.kind() == DeviceGrant.Kind.NODE && !topic.contains("+") && !topic.contains("#");
    }
    String[] parts = concrete(topic);
    if (parts == null) {
      return false;
    }
    if (grant.kind() == DeviceGrant.Kind.NODE) {
      return parts[4].equals("down");
    }
    return (parts[4].equals("up") || parts[4].equals("reply")) && grant.maySendFor(parts[3]);
  }

  /** Nodes receive every uplink and every answer; a device its own commands. */
  public static boolean mayReceive(DeviceGrant grant, String topic) {
    if (isOpen(topic)) {
      return true;
    }
    String[] parts = concrete(topic);
    if (parts == null) {
      return false;
    }
    if (grant.mayReadUplinks()) {
      return parts[4].equals("up") || parts[4].equals("reply");
    }
    return parts[4].equals("down") && grant.maySendFor(parts[3]);
  }

  /**
   * Nodes may subscribe to the uplink and answer filters, shared or not; a device to its own
   * downlink, a gateway to its devices' (or to every downlink when it serves all devices). A filter
   * that could match another device's downlink is refused.
   */
  public static boolean maySubscribe(DeviceGrant grant, String filter) {
    if (isOpen(filter)) {
      return true;
    }
    if (grant.mayReadUplinks()) {
      if (filter.startsWith("$share/")) {
        int groupEnd = filter.indexOf('/', "$share/".length());
        filter = groupEnd < 0 ? "" : filter.substring(groupEnd + 1);
      }
      return MqttIngestConfig.TOPIC_FILTER.equals(filter)
          || CommandTopics.REPLY_FILTER.equals(filter);
    }
    String[] parts = filter.split("/", -1);
    if (parts.length != 5
        || !parts[0].equals("cantho")
        || !parts[1].equals("v1")
        || !parts[4].equals("down")
        || parts[2].isEmpty()
        || parts[2].equals("#")
        || (parts[2].contains("+") && !parts[2].equals("+"))) {
      return false;
    }
    if (parts[3].equals("+")) {
      return grant.allDevices();
    }
    return !parts[3].contains("+") && !parts[3].contains("#") && grant.maySendFor(parts[3]);
  }

  /** MQTT topic filters that allow exactly the topics {@link #mayPublish} allows. */
  public static java.util.List<String> publishFilters(DeviceGrant grant) {
    if (grant.kind() == DeviceGrant.Kind.NODE) {
      return java.util.List.of(CommandTopics.DOWN_FILTER, OPEN_FILTER);
    }
    if (grant.allDevices()) {
      return java.util.List.of(MqttIngestConfig.TOPIC_FILTER, CommandTopics.REPLY_FILTER);
    }
    return grant.devices().stream()
        .sorted()
        .flatMap(
            id ->
                java.util.stream.Stream.of(
                    "cantho/v1/+/" + id + "/up", "cantho/v1/+/" + id + "/reply"))
        .toList();
  }

  /** MQTT topic filters that allow exactly the subscriptions {@link #maySubscribe} allows. */
  public static java.util.List<String> subscribeFilters(DeviceGrant grant) {
    if (grant.mayReadUplinks()) {
      return java.util.List.of(
          MqttIngestConfig.TOPIC_FILTER, CommandTopics.REPLY_FILTER, OPEN_FILTER);
    }
    if (grant.allDevices()) {
      return java.util.List.of(CommandTopics.DOWN_FILTER, OPEN_FILTER);
    }
    return java.util.stream.Stream.concat(
            grant.devices().stream().sorted().map(id -> "cantho/v1/+/" + id + "/down"),
            java.util.stream.Stream.of(OPEN_FILTER))
        .toList();
  }

  /** The open topics, public data every credential may read. */
  public static final String OPEN_FILTER = vn.cantho.ioc.core.feature.OpenTopics.PREFIX + "#";

  /** A topic or filter below {@code v1.0/}. */
  private static boolean isOpen(String topicOrFilter) {
    return topicOrFilter.startsWith(vn.cantho.ioc.core.feature.OpenTopics.PREFIX);
  }

  /** The five levels of {@code cantho/v1/<domain>/<device>/<kind>} without wildcards, or null. */
  private static String[] concrete(String topic) {
    String[] parts = topic.split("/", -1);
    boolean ok =
        parts.length == 5
            && parts[0].equals("cantho")
            && parts[1].equals("v1")
            && !parts[2].isEmpty()
            && !parts[3].isEmpty()
            && !topic.contains("+")
            && !topic.contains("#");
    return ok ? parts : null;
  }
}
