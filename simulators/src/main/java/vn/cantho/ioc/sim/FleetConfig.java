package vn.cantho.ioc.sim;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a {@link SimulatorFleet} reaches the broker.
 *
 * @param brokerUri e.g. {@code tcp://localhost:1883} or {@code ssl://host:8883}
 * @param connections MQTT connections the devices share (see ADR 0004)
 * @param clientIdPrefix client ids are {@code {username}:{prefix}-{n}} ({@code sim:…} without a
 *     user name); two fleets on one broker need different prefixes or they would take over each
 *     other's sessions
 * @param firstPublishSpread the first publication of each device falls somewhere in this window
 * @param clock stamps the samples; an offset clock lets a demo show night-time readings by day
 * @param username broker user, or null for anonymous access
 * @param password broker password, or null
 * @param commands how the streetlights answer commands: who answers late or never, who is offline
 */
// char[] rather than String so that callers can wipe the secret; nothing compares configs.
@SuppressWarnings("ArrayRecordComponent")
public record FleetConfig(
    String brokerUri,
    int connections,
    String clientIdPrefix,
    Duration firstPublishSpread,
    Clock clock,
    String username,
    char[] password,
    CommandBehaviour commands) {

  public static final int DEFAULT_CONNECTIONS = 8;
  public static final Duration DEFAULT_FIRST_PUBLISH_SPREAD = Duration.ofSeconds(5);

  public FleetConfig {
    Objects.requireNonNull(brokerUri, "brokerUri");
    Objects.requireNonNull(clientIdPrefix, "clientIdPrefix");
    Objects.requireNonNull(firstPublishSpread, "firstPublishSpread");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(commands, "commands");
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be at least 1");
    }
    if (clientIdPrefix.isBlank()) {
      throw new IllegalArgumentException("clientIdPrefix must not be blank");
    }
    if (firstPublishSpread.isNegative()) {
      throw new IllegalArgumentException("firstPublishSpread must not be negative");
    }
    password = password == null ? null : password.clone();
  }

  /**
   * Eight connections, a 5 s spread, the system clock, no credentials, {@linkplain
   * CommandBehaviour#defaults() the default command behaviour}, and a random client-id prefix so
   * that two fleets started with defaults never collide.
   */
  public static FleetConfig defaults(String brokerUri) {
    String prefix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
    return new FleetConfig(
        brokerUri,
        DEFAULT_CONNECTIONS,
        prefix,
        DEFAULT_FIRST_PUBLISH_SPREAD,
        Clock.systemUTC(),
        null,
        null,
        CommandBehaviour.defaults());
  }

  public FleetConfig withConnections(int connections) {
    return new FleetConfig(
        brokerUri,
        connections,
        clientIdPrefix,
        firstPublishSpread,
        clock,
        username,
        password,
        commands);
  }

  public FleetConfig withClientIdPrefix(String clientIdPrefix) {
    return new FleetConfig(
        brokerUri,
        connections,
        clientIdPrefix,
        firstPublishSpread,
        clock,
        username,
        password,
        commands);
  }

  public FleetConfig withFirstPublishSpread(Duration firstPublishSpread) {
    return new FleetConfig(
        brokerUri,
        connections,
        clientIdPrefix,
        firstPublishSpread,
        clock,
        username,
        password,
        commands);
  }

  public FleetConfig withClock(Clock clock) {
    return new FleetConfig(
        brokerUri,
        connections,
        clientIdPrefix,
        firstPublishSpread,
        clock,
        username,
        password,
        commands);
  }

  public FleetConfig withCredentials(String username, char[] password) {
    return new FleetConfig(
        brokerUri,
        connections,
        clientIdPrefix,
        firstPublishSpread,
        clock,
        username,
        password,
        commands);
  }

  public FleetConfig withCommands(CommandBehaviour commands) {
    return new FleetConfig(
        brokerUri,
        connections,
        clientIdPrefix,
        firstPublishSpread,
        clock,
        username,
        password,
        commands);
  }

  /** A copy: callers may wipe theirs. */
  @Override
  public char[] password() {
    return password == null ? null : password.clone();
  }

  /**
   * Client id of connection number {@code n} (1-based). It starts with the broker user and {@code
   * :}, which the IOC's broker authentication requires: a client id belongs to the credential named
   * before its first {@code :} (docs/security.md).
   */
  public String clientId(int n) {
    return (username == null ? "sim" : username) + ":" + clientIdPrefix + "-" + n;
  }

  @Override
  public String toString() {
    return "FleetConfig[brokerUri="
        + brokerUri
        + ", connections="
        + connections
        + ", clientIdPrefix="
        + clientIdPrefix
        + ", firstPublishSpread="
        + firstPublishSpread
        + ", username="
        + username
        + ", password="
        + (password == null ? "null" : "***")
        + ", commands="
        + commands
        + "]";
  }
}
