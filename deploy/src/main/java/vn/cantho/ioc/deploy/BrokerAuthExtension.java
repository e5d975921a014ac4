package vn.cantho.ioc.deploy;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.adapters.mqtt.TopicAcl;
import vn.cantho.ioc.core.auth.DeviceCredentials;
import vn.cantho.ioc.core.auth.DeviceGrant;

/**
 * The embedded broker's gate: every client signs in with a device, gateway or node credential,
 * under a client id of that credential's own ({@link TopicAcl#mayUseClientId}), and gets topic
 * permissions from {@link TopicAcl} with everything else denied. A publish outside them is answered
 * NOT_AUTHORIZED (0x87) and the client is disconnected (HiveMQ's rule), so the reading never
 * reaches the ingest node.
 *
 * <p>The credential lookup is JDBC; HiveMQ runs authenticators on as many threads as there are
 * cores, so it is done asynchronously on a small pool of our own with a bounded queue.
 */
final class BrokerAuthExtension {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerAuthExtension.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final DeviceCredentials credentials;
  private final ExecutorService lookups =
      new ThreadPoolExecutor(
          2,
          2,
          0,
          TimeUnit.MILLISECONDS,
          new LinkedBlockingQueue<>(10_000),
          r -> {
            Thread t = new Thread(r, "ioc-broker-auth");
            t.setDaemon(true);
            return t;
          });

  /**
   * Grants between sign-in and the connection's initialization. A client id belongs to one
   * credential ({@link TopicAcl#mayUseClientId}), so two sign-ins racing under one id hold the same
   * grant.
   */
  private final Map<String, DeviceGrant> signedIn = new ConcurrentHashMap<>();

  BrokerAuthExtension(DeviceCredentials credentials) {
    this.credentials = credentials;
  }

  /** Installs the authenticator; called when the broker starts its extensions. */
  void register() {
    Services.securityRegistry()
        .setAuthenticatorProvider(input -> (SimpleAuthenticator) this::onConnect);
  }

  /**
   * The grant of the connection that just signed in under this client id, handed over once when
   * HiveMQ initializes the connection (after a successful sign-in, before CONNACK).
   */
  Optional<DeviceGrant> takeGrant(String clientId) {
    return Optional.ofNullable(signedIn.remove(clientId));
  }

  void stop() {
    lookups.shutdownNow();
  }

  private void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
    String username = input.getConnectPacket().getUserName().orElse(null);
    String clientId = input.getConnectPacket().getClientId();
    String password =
        input
            .getConnectPacket()
            .getPassword()
            .map(b -> StandardCharsets.UTF_8.decode(b.asReadOnlyBuffer()).toString())
            .orElse(null);
    Async<SimpleAuthOutput> async = output.async(TIMEOUT, TimeoutFallback.FAILURE);
    CompletableFuture.supplyAsync(() -> check(username, password), lookups)
        .whenComplete(
            (grant, error) -> {
              SimpleAuthOutput o = async.getOutput();
              if (error != null) {
                LOG.error("MQTT sign-in of {} could not be checked", username, error);
                o.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "try again later");
              } else if (grant.isEmpty()) {
                LOG.warn("MQTT sign-in refused for {}", username);
                o.failAuthentication(
                    ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
              } else if (!TopicAcl.mayUseClientId(username, clientId)) {
                LOG.warn("MQTT client id {} refused for credential {}", clientId, username);
                // Not authorized rather than "not valid": the id is fine, just someone else's.
                o.failAuthentication(
                    ConnackReasonCode.NOT_AUTHORIZED,
                    "client id must be the user name or start with it and ':'");
              } else {
                permit(o.getDefaultPermissions(), grant.get());
                signedIn.put(clientId, grant.get());
                o.authenticateSuccessfully();
              }
              async.resume();
            });
  }

  private Optional<DeviceGrant> check(String username, String password) {
    try {
      return credentials.check(username, password);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("credential lookup failed", e);
    }
  }

  private static void permit(ModifiableDefaultPermissions permissions, DeviceGrant grant) {
    for (String filter : TopicAcl.publishFilters(grant)) {
      permissions.add(
          Builders.topicPermission()
              .topicFilter(filter)
              .type(TopicPermission.PermissionType.ALLOW)
              .activity(TopicPermission.MqttActivity.PUBLISH)
              .build());
    }
    for (String filter : TopicAcl.subscribeFilters(grant)) {
      permissions.add(
          Builders.topicPermission()
              .topicFilter(filter)
              .type(TopicPermission.PermissionType.ALLOW)
              .activity(TopicPermission.MqttActivity.SUBSCRIBE)
              .build());
    }
    permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
  }
}
