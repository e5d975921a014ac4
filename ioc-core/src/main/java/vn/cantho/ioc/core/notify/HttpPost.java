package vn.cantho.ioc.core.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The one way HTTP providers (SMS gateway, Zalo, webhooks) are called, and how their answers are
 * read: 2xx delivered; 408, 425, 429 and 5xx, timeouts and refused connections retried; any other
 * status rejected with the provider's words as the reason. Public for the sharing feature's
 * webhooks, which are read the same way.
 */
public final class HttpPost {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** A provider's answer. */
  public record Answer(int status, String body) {}

  private final HttpClient client;

  public HttpPost(HttpClient client) {
    this.client = client;
  }

  public static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** Posts JSON; IO errors and timeouts come back as a retry, not an exception. */
  public Delivery post(URI uri, String json, Map<String, String> headers, Reader reader)
      throws InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    headers.forEach(b::header);
    HttpResponse<String> response;
    try {
      response = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      return Delivery.retry("timed out after " + TIMEOUT.toSeconds() + " s");
    } catch (IOException e) {
      return Delivery.retry("connection failed: " + e.getMessage());
    }
    Answer answer = new Answer(response.statusCode(), clip(response.body()));
    int s = answer.status();
    if (s >= 200 && s < 300) {
      return reader.read(answer);
    }
    String detail = "HTTP " + s + (answer.body().isEmpty() ? "" : ": " + answer.body());
    boolean transientFailure = s == 408 || s == 425 || s == 429 || s >= 500;
    return transientFailure ? Delivery.retry(detail) : Delivery.rejected(detail);
  }

  /** Reads a 2xx answer: most providers mean "taken", Zalo may still say no in its body. */
  @FunctionalInterface
  public interface Reader {
    Reader ACCEPTED = a -> Delivery.delivered("HTTP " + a.status());

    Delivery read(Answer answer);
  }

  private static String clip(String body) {
    String s = body == null ? "" : body.strip();
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
