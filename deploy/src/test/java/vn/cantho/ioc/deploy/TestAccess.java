package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import vn.cantho.ioc.core.auth.DeviceGrant;
import vn.cantho.ioc.core.auth.PasswordHasher;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.auth.Secrets;
import vn.cantho.ioc.core.auth.UserStore;

/**
 * Signed-in API clients and device credentials for tests, through the real sign-in endpoint and the
 * real credential store. One user per role ({@code test-<role>}; the commune operator works in Ninh
 * Kiều ward, the farmer is the demo farmer who owns a few ponds), signed in once per stack.
 */
final class TestAccess {
  private static final Map<String, ApiClient> CLIENTS = new ConcurrentHashMap<>();
  private static final Map<String, Account> ACCOUNTS = new ConcurrentHashMap<>();
  private static final Map<String, String> GATEWAYS = new ConcurrentHashMap<>();
  static final String GATEWAY = "test-gateway";

  private TestAccess() {}

  static String username(Role role) {
    return role == Role.FARMER ? DemoUsers.FARMER : "test-" + role.code().replace('_', '-');
  }

  static List<String> zones(Role role) {
    return role == Role.COMMUNE_OPERATOR ? List.of(DemoUsers.NINH_KIEU_WARD) : List.of();
  }

  /** An API client signed in with the role's test user. */
  static ApiClient api(DemoStack stack, Role role) {
    return CLIENTS.computeIfAbsent(
        stack.httpPort() + "/" + username(role), k -> signIn(stack, account(stack, role)));
  }

  /**
   * The role's test user and password, for signing in elsewhere (the console's form). Created once
   * per stack: a new password would end the tokens of {@link #api}.
   */
  static Account account(DemoStack stack, Role role) {
    return ACCOUNTS.computeIfAbsent(
        stack.httpPort() + "/" + username(role),
        k -> createUser(stack, username(role), role, zones(role)));
  }

  /** Creates (or re-keys) a user and returns its password. */
  static Account createUser(DemoStack stack, String username, Role role, List<String> zones) {
    try {
      UserStore users = new UserStore(stack.server().database(), new PasswordHasher());
      char[] password = Secrets.newPassword();
      if (users.find(username).isPresent()) {
        users.setPassword(username, password);
      } else {
        users.add(username, role, zones, password);
      }
      return new Account(username, new String(password));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static ApiClient signIn(DemoStack stack, Account account) {
    try {
      HttpResponse<String> r = signInResponse(stack, account.username(), account.password());
      assertThat(r.statusCode())
          .as("sign-in of " + account.username() + ": " + r.body())
          .isEqualTo(200);
      JsonNode body = ApiClient.JSON.readTree(r.body());
      return new ApiClient(stack.httpPort()).withToken(body.path("access_token").asText());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<String> signInResponse(DemoStack stack, String username, String password)
      throws Exception {
    return new ApiClient(stack.httpPort())
        .post(
            "/api/v1/auth/token",
            "application/json",
            new io.vertx.core.json.JsonObject()
                .put("username", username)
                .put("password", password)
                .encode());
  }

  /** A client id of that gateway's own ({@code test-gateway:purpose}), one per test client. */
  static String gatewayClientId(String purpose) {
    return vn.cantho.ioc.adapters.mqtt.TopicAcl.clientId(GATEWAY, purpose);
  }

  /** MQTT options of a gateway allowed to send for every device. */
  static MqttConnectionOptions gatewayOptions(DemoStack stack) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(GATEWAY);
    options.setPassword(gatewaySecret(stack).getBytes(StandardCharsets.UTF_8));
    return options;
  }

  /** {@code Authorization: Basic ...} of the all-devices gateway, for HTTP ingest. */
  static String gatewayBasic(DemoStack stack) {
    return basic(GATEWAY, gatewaySecret(stack));
  }

  static String basic(String username, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static String gatewaySecret(DemoStack stack) {
    return GATEWAYS.computeIfAbsent(
        stack.mqttUri(),
        k -> {
          try {
            return stack.credentials().issue(GATEWAY, DeviceGrant.Kind.GATEWAY, List.of(), true);
          } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  record Account(String username, String password) {}
}
