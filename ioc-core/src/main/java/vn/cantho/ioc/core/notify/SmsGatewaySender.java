package vn.cantho.ioc.core.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.Map;

/**
 * SMS through an HTTP gateway (the brandname SMS services of Vietnamese carriers and aggregators
 * all take a JSON POST). The body is {@code {"to", "text", "encoding", "ref"}}: encoding is {@code
 * UCS2} or {@code GSM7} by {@link SmsText}, ref the idempotency key; an API key, when configured,
 * goes as a bearer token.
 */
public final class SmsGatewaySender implements Sender {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final String apiKey;
  private final HttpPost http;

  public SmsGatewaySender(URI endpoint, String apiKey, HttpClient client) {
    this.endpoint = endpoint;
    this.apiKey = apiKey;
    this.http = new HttpPost(client);
  }

  public SmsGatewaySender(URI endpoint, String apiKey) {
    this(endpoint, apiKey, HttpPost.defaultClient());
  }

  @Override
  public Delivery send(Outgoing m) throws InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("to", m.address());
    body.put("text", m.body());
    body.put("encoding", SmsText.isGsm7(m.body()) ? "GSM7" : "UCS2");
    body.put("ref", m.idempotencyKey());
    Map<String, String> headers = new HashMap<>();
    headers.put("Idempotency-Key", m.idempotencyKey());
    if (apiKey != null && !apiKey.isBlank()) {
      headers.put("Authorization", "Bearer " + apiKey);
    }
    return http.post(endpoint, body.toString(), headers, HttpPost.Reader.ACCEPTED);
  }
}
