package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's acceptance, automated: the demo as {@code deploy/ioc demo --fresh} runs it (2,500
 * simulated devices over the embedded broker), checked within the 60 s the issue allows; then a
 * restart on the same data keeps the history.
 */
class DemoAcceptanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void wholeCityIsLiveWithinAMinuteAndSurvivesARestart() throws Exception {
    Path data = Files.createTempDirectory("ioc-demo");
    long storedBeforeRestart;
    try (DemoStack demo = DemoStack.start(data, "127.0.0.1", 0, TestStack.freePort(), true)) {
      String base = "http://127.0.0.1:" + demo.httpPort();
      Set<String> pushedDomains = ConcurrentHashMap.newKeySet();
      WebSocket socket = listen(base, pushedDomains);

      List<JsonNode> devices = allDevices(base);
      assertThat(devices).hasSizeGreaterThanOrEqualTo(2_500);
      assertThat(devices).allSatisfy(d -> assertThat(d.path("zoneId").asText()).isNotBlank());

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                for (String domain : List.of("water", "traffic", "lighting")) {
                  String id = first(devices, domain).path("id").asText();
                  JsonNode series =
                      get(base + "/api/v1/devices/" + id + "/readings").path("series");
                  assertThat(series).as(domain + " readings of " + id).isNotEmpty();
                }
                assertThat(pushedDomains).containsExactlyInAnyOrder("wq", "tf", "sl");
              });
      socket.abort();
      storedBeforeRestart = readingRows(demo);
    }

    try (DemoStack again = DemoStack.start(data, "127.0.0.1", 0, TestStack.freePort(), false)) {
      // At least: the broker may still hand over messages it held for the ingest session.
      assertThat(readingRows(again)).isGreaterThanOrEqualTo(storedBeforeRestart).isPositive();
      assertThat(again.server().registry().size()).isEqualTo(2_500);
    }
  }

  private static WebSocket listen(String base, Set<String> pushedDevicePrefixes) {
    return HTTP.newWebSocketBuilder()
        .buildAsync(
            URI.create(base.replace("http", "ws") + "/api/v1/live"),
            new WebSocket.Listener() {
              private final StringBuilder partial = new StringBuilder();

              @Override
              public CompletionStage<?> onText(WebSocket ws, CharSequence text, boolean last) {
                partial.append(text);
                if (last) {
                  try {
                    JsonNode m = JSON.readTree(partial.toString());
                    if (m.path("type").asText().equals("reading")) {
                      pushedDevicePrefixes.add(m.path("deviceId").asText().substring(0, 2));
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  partial.setLength(0);
                }
                ws.request(1);
                return null;
              }
            })
        .join();
  }

  private static List<JsonNode> allDevices(String base) throws Exception {
    List<JsonNode> all = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          get(base + "/api/v1/devices?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor));
      page.path("items").forEach(all::add);
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
    } while (cursor != null);
    return all;
  }

  private static JsonNode first(List<JsonNode> devices, String domain) {
    return devices.stream()
        .filter(d -> d.path("domain").asText().equals(domain))
        .findFirst()
        .orElseThrow();
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static long readingRows(DemoStack stack) throws Exception {
    try (Connection c = stack.server().database().dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM readings")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
