package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.api.TlsConfig;
import vn.cantho.ioc.core.auth.DeviceGrant;
import vn.cantho.ioc.core.auth.SigningSecret;

/**
 * A second node on the test stack's database and broker, as a city would run it: HTTPS from a key
 * store, IPv4 and IPv6 listeners, one allowed CORS origin, and its own rate limits.
 */
@ExtendWith(TestStack.class)
class HardeningTest {
  private static final String ALLOWED_ORIGIN = "https://ioc.cantho.example";
  private static DemoStack stack;
  private static IocServer node;
  private static HttpClient https;
  private static int port;

  @BeforeAll
  static void start(DemoStack started) throws Exception {
    stack = started;
    Path dir = TestDirs.create("ioc-tls");
    Path keyStore = TestCertificates.keyStore(dir);
    String nodeSecret =
        stack.credentials().issue("hardening-node", DeviceGrant.Kind.NODE, List.of(), false);
    node =
        new IocServer(
            new ServerSettings(
                stack.server().database().config(),
                stack.mqttUri(),
                "hardening-node",
                nodeSecret.toCharArray(),
                "127.0.0.1,::1",
                0,
                null,
                null,
                dir.resolve("pki"),
                "hardening-node",
                null,
                new ServerSecurity(
                    SigningSecret.loadOrCreate(stack.data().resolve("jwt-secret")),
                    new TlsConfig(keyStore, TestCertificates.PASSWORD),
                    List.of(ALLOWED_ORIGIN),
                    null,
                    null),
                vn.cantho.ioc.core.notify.NotificationSettings.none(),
                false));
    port = node.start();
    https = HttpClient.newBuilder().sslContext(TestCertificates.trusting(keyStore)).build();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void servesHttpsOnIpv4AndIpv6WithHsts() throws Exception {
    for (String host : List.of("127.0.0.1", "[::1]")) {
      HttpResponse<String> health = get("https://" + host + ":" + port + "/api/v1/health", null);
      assertThat(health.statusCode()).as(host).isEqualTo(200);
      assertThat(health.headers().firstValue("Strict-Transport-Security")).as(host).isPresent();
    }
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/api/v1/health"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()))
        .as("plain HTTP on the TLS port")
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void corsAllowsTheConfiguredOriginOnly() throws Exception {
    String url = "https://127.0.0.1:" + port + "/api/v1/health";
    assertThat(get(url, ALLOWED_ORIGIN).headers().firstValue("Access-Control-Allow-Origin"))
        .contains(ALLOWED_ORIGIN);
    HttpResponse<String> evil = get(url, "https://evil.example");
    assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(evil.statusCode()).as("a refused origin is the client's doing").isEqualTo(403);
    // The test stack has no allowed origin at all: same origin only.
    HttpResponse<String> plain =
        new ApiClient(stack.httpPort())
            .send(
                new ApiClient(stack.httpPort())
                    .request("/api/v1/health")
                    .header("Origin", ALLOWED_ORIGIN));
    assertThat(plain.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void signInIsRateLimitedPerAddressAndBodiesAreBounded() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < IocServer.AUTH_BURST + 20; i++) {
      statuses.add(
          https
              .send(
                  HttpRequest.newBuilder(
                          URI.create("https://127.0.0.1:" + port + "/api/v1/auth/refresh"))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString("{\"refresh_token\":\"x" + i + "\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .statusCode());
    }
    assertThat(statuses).contains(401).contains(429).doesNotContain(500);

    // Ingest is limited per address (200/s, burst 400) before any credential is looked at:
    // eight clients sending as fast as they can exceed that on any machine that serves 250/s.
    java.util.concurrent.ExecutorService senders =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    List<java.util.concurrent.Future<Integer>> sent = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      sent.add(
          senders.submit(
              () ->
                  https
                      .send(
                          HttpRequest.newBuilder(
                                  URI.create("https://127.0.0.1:" + port + "/api/v1/ingest"))
                              .header("Content-Type", "application/json")
                              .POST(HttpRequest.BodyPublishers.ofString("[]"))
                              .build(),
                          HttpResponse.BodyHandlers.discarding())
                      .statusCode()));
    }
    List<Integer> ingest = new ArrayList<>();
    for (var f : sent) {
      ingest.add(f.get());
    }
    senders.shutdown();
    assertThat(ingest).contains(401).contains(429).doesNotContain(500);

    HttpResponse<String> huge =
        new ApiClient(stack.httpPort())
            .post(
                "/api/v1/auth/token",
                "application/json",
                "{\"username\":\"" + "a".repeat(40_000) + "\"}");
    assertThat(huge.statusCode()).isEqualTo(413);
  }

  private static HttpResponse<String> get(String url, String origin) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (origin != null) {
      b.header("Origin", origin);
    }
    return https.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
