package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** The HTTP API and live feed as a client sees them, with the JDK's own HTTP and WebSocket. */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String base;
  private final String authorization;

  /** Anonymous: only health, sign-in and the console's files answer. */
  ApiClient(int port) {
    this("http://127.0.0.1:" + port, null);
  }

  private ApiClient(String base, String authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  /** The same server, sending {@code Authorization: Bearer token}. */
  ApiClient withToken(String token) {
    return new ApiClient(base, "Bearer " + token);
  }

  /** The same server, sending the given Authorization header (e.g. Basic for ingest). */
  ApiClient withAuthorization(String header) {
    return new ApiClient(base, header);
  }

  String token() {
    return authorization == null ? null : authorization.substring("Bearer ".length());
  }

  HttpResponse<String> send(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A request to the path with this client's Authorization header. */
  HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    return authorization == null ? b : b.header("Authorization", authorization);
  }

  HttpResponse<String> post(String path, String contentType, String body)
      throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** GET that must answer 200. */
  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = send(path);
    assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** Every device, following the cursors page by page. */
  List<JsonNode> allDevices(int pageSize) throws IOException, InterruptedException {
    List<JsonNode> all = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          get("/api/v1/devices?limit=" + pageSize + (cursor == null ? "" : "&cursor=" + cursor));
      page.path("items").forEach(all::add);
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
    } while (cursor != null);
    return all;
  }

  /** Opens the live feed; every message is handed to the consumer as parsed JSON. */
  WebSocket live(Consumer<JsonNode> messages) {
    return liveAsync(messages).join();
  }

  /** Opens the live feed with a query (e.g. {@code ?zone=...}); fails if the server refuses. */
  java.util.concurrent.CompletableFuture<WebSocket> liveAsync(Consumer<JsonNode> messages) {
    return HTTP.newWebSocketBuilder()
        .buildAsync(
            URI.create(
                base.replace("http", "ws")
                    + "/api/v1/live"
                    + (token() == null ? "" : "?access_token=" + token())),
            new WebSocket.Listener() {
              private final StringBuilder partial = new StringBuilder();

              @Override
              public CompletionStage<?> onText(WebSocket ws, CharSequence text, boolean last) {
                partial.append(text);
                if (last) {
                  try {
                    messages.accept(JSON.readTree(partial.toString()));
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                  partial.setLength(0);
                }
                ws.request(1);
                return null;
              }
            });
  }
}
