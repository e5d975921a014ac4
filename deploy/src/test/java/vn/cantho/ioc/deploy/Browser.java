package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real headless Chromium driven over its DevTools protocol with the JDK's own WebSocket: load a
 * page, evaluate script in it (to fill and submit a form as a person would, or to read the DOM),
 * wait for a condition, take a screenshot. One browser and one tab per instance, with a fresh
 * profile, so nothing (sessionStorage included) carries over between instances.
 */
final class Browser implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final WebSocket tab;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  private Browser(Process process, String tabUrl) {
    this.process = process;
    this.tab =
        HTTP.newWebSocketBuilder()
            .buildAsync(URI.create(tabUrl), new Replies())
            .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
            .join();
  }

  static Browser launch(Path chromium) throws IOException {
    Path profile = Files.createTempDirectory("ioc-chromium");
    Process process =
        new ProcessBuilder(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=1280,900",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "about:blank")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      // Chromium writes the port it chose into the profile once DevTools listens.
      Path active = profile.resolve("DevToolsActivePort");
      List<String> lines =
          await()
              .atMost(WAIT)
              .ignoreExceptions()
              .until(() -> Files.readAllLines(active), l -> l.size() >= 2);
      String port = lines.get(0).strip();
      JsonNode targets =
          await()
              .atMost(WAIT)
              .ignoreExceptions()
              .until(
                  () ->
                      ApiClient.JSON.readTree(
                          HTTP.send(
                                  HttpRequest.newBuilder(
                                          URI.create("http://127.0.0.1:" + port + "/json/list"))
                                      .build(),
                                  HttpResponse.BodyHandlers.ofString())
                              .body()),
                  t -> t.findValuesAsText("type").contains("page"));
      for (JsonNode target : targets) {
        if (target.path("type").asText().equals("page")) {
          return new Browser(process, target.path("webSocketDebuggerUrl").asText());
        }
      }
      throw new IllegalStateException("no tab in " + targets);
    } catch (RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Loads the URL in the tab (returns once navigation has started; wait for what you need). */
  void open(String url) {
    call("Page.navigate", params().put("url", url));
  }

  /** The script's value (a promise is awaited), as JSON; null when it has none. */
  JsonNode eval(String script) {
    JsonNode result =
        call(
            "Runtime.evaluate",
            params()
                .put("expression", script)
                .put("awaitPromise", true)
                .put("returnByValue", true));
    JsonNode thrown = result.path("exceptionDetails");
    assertThat(thrown.isMissingNode()).as(script + " threw " + thrown).isTrue();
    return result.path("result").path("value");
  }

  /**
   * Waits until the script is true in the page. While a page loads, the script may run in the one
   * being left or fail with it; that counts as not yet.
   */
  void awaitTrue(String script) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .alias(script)
        .until(
            () -> {
              try {
                return eval(script).asBoolean(false);
              } catch (AssertionError | RuntimeException notYet) {
                return false;
              }
            });
  }

  String dom() {
    return eval("document.documentElement.outerHTML").asText();
  }

  void screenshot(Path png) throws IOException {
    JsonNode shot = call("Page.captureScreenshot", params().put("format", "png"));
    Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
  }

  private static ObjectNode params() {
    return ApiClient.JSON.createObjectNode();
  }

  private JsonNode call(String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    ObjectNode message = params().put("id", id).put("method", method);
    message.set("params", params);
    tab.sendText(message.toString(), true).join();
    JsonNode answer = reply.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    assertThat(answer.has("error")).as(method + " -> " + answer).isFalse();
    return answer.path("result");
  }

  /** Hands each reply to the call waiting for its id; events (no id) are ignored. */
  private final class Replies implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence text, boolean last) {
      partial.append(text);
      if (last) {
        try {
          JsonNode message = ApiClient.JSON.readTree(partial.toString());
          CompletableFuture<JsonNode> reply = pending.remove(message.path("id").asInt(-1));
          if (reply != null) {
            reply.complete(message);
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }

  @Override
  public void close() {
    tab.abort();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
