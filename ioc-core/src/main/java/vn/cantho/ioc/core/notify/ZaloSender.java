package vn.cantho.ioc.core.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;

/**
 * A text message from the city's Zalo Official Account to a follower ({@code POST
 * /v3.0/oa/message/cs} with the OA's {@code access_token} header). Zalo answers HTTP 200 even when
 * it refuses: its body's {@code error} is 0 on success and negative otherwise (the follower left,
 * the token expired…), which is a rejection with Zalo's message as the reason.
 */
public final class ZaloSender implements Sender {
  public static final URI DEFAULT_ENDPOINT =
      URI.create("https://openapi.zalo.me/v3.0/oa/message/cs");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Zalo's limit on a text message. */
  private static final int MAX_TEXT = 2000;

  private final URI endpoint;
  private final String accessToken;
  private final HttpPost http;

  public ZaloSender(URI endpoint, String accessToken, HttpClient client) {
    this.endpoint = endpoint;
    this.accessToken = accessToken;
    this.http = new HttpPost(client);
  }

  public ZaloSender(URI endpoint, String accessToken) {
    this(endpoint, accessToken, HttpPost.defaultClient());
  }

  @Override
  public Delivery send(Outgoing m) throws InterruptedException {
    String text = m.title() + "\n" + m.body();
    ObjectNode body = JSON.createObjectNode();
    body.putObject("recipient").put("user_id", m.address());
    body.putObject("message")
        .put("text", text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
    return http.post(
        endpoint, body.toString(), Map.of("access_token", accessToken), ZaloSender::read);
  }

  private static Delivery read(HttpPost.Answer answer) {
    try {
      JsonNode json = JSON.readTree(answer.body());
      int error = json.path("error").asInt(Integer.MIN_VALUE);
      if (error == 0) {
        return Delivery.delivered(
            "zalo message " + json.path("data").path("message_id").asText(""));
      }
      return Delivery.rejected("zalo error " + error + ": " + json.path("message").asText(""));
    } catch (JsonProcessingException e) {
      return Delivery.retry("zalo answered something that is not JSON: " + answer.body());
    }
  }
}
