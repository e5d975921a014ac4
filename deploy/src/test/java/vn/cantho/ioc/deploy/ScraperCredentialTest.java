package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.auth.DeviceCredentials;
import vn.cantho.ioc.core.auth.DeviceGrant;
import vn.cantho.ioc.core.store.Database;

/**
 * Prometheus scrapes {@code /metrics} with a scraper credential (HTTP Basic), not an
 * administrator's token; that credential opens nothing else: no API route, no ingest, no open-data
 * write. Other credentials do not open {@code /metrics}.
 */
class ScraperCredentialTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aScraperReadsTheMetricsAndNothingElse() throws Exception {
    try (DemoStack stack = TestStack.startIsolated()) {
      String scraper =
          stack.credentials().issue("prometheus", DeviceGrant.Kind.SCRAPER, List.of(), false);
      String gateway =
          stack.credentials().issue("gw-metrics", DeviceGrant.Kind.GATEWAY, List.of(), true);
      String base = "http://127.0.0.1:" + stack.httpPort();

      HttpResponse<String> scrape = send(base + "/metrics", "GET", basic("prometheus", scraper));
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(new PrometheusScrape(scrape.body()).has("ioc_ingest_received_total")).isTrue();

      assertThat(send(base + "/metrics", "GET", basic("prometheus", "wrong")).statusCode())
          .isEqualTo(401);
      assertThat(send(base + "/metrics", "GET", basic("gw-metrics", gateway)).statusCode())
          .as("a gateway does not scrape")
          .isEqualTo(401);
      assertThat(send(base + "/api/v1/devices", "GET", basic("prometheus", scraper)).statusCode())
          .as("the API wants a person's token")
          .isEqualTo(401);
      assertThat(send(base + "/api/v1/ingest", "POST", basic("prometheus", scraper)).statusCode())
          .as("a scraper sends no readings")
          .isEqualTo(401);
      assertThat(send(base + "/sta/v1.0/Things", "POST", basic("prometheus", scraper)).statusCode())
          .as("nor writes open data")
          .isEqualTo(401);
    }
  }

  @Test
  void theCommandIssuesAScraperCredentialOnce() throws Exception {
    Path data = TestDirs.create("ioc-scraper-cmd");
    String line =
        DeviceCommand.execute(List.of("scraper", "prometheus", "--data", data.toString()));
    String[] parts = line.strip().split(",", 2);
    assertThat(parts[0]).isEqualTo("prometheus");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("postgres"));
        Database database = Database.open(db.config(2))) {
      assertThat(new DeviceCredentials(database).check("prometheus", parts[1]))
          .hasValueSatisfying(g -> assertThat(g.kind()).isEqualTo(DeviceGrant.Kind.SCRAPER));
    }
  }

  private static String basic(String user, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> send(String url, String method, String authorization)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .method(
                method,
                method.equals("GET")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString("{}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
