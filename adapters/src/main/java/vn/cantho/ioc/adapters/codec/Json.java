package vn.cantho.ioc.adapters.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/** The one parser of device payloads, with limits so a hostile payload cannot make it work hard. */
public final class Json {
  /** Real payloads are a few hundred bytes; bound nesting, number and string sizes. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(16)
                          .maxNumberLength(64)
                          .maxStringLength(4096)
                          .build())
                  .build())
          .build();

  private Json() {}

  /** Parses with the limits above; throws with a message worth showing the sender. */
  public static com.fasterxml.jackson.databind.JsonNode parse(byte[] payload) throws IOException {
    return MAPPER.readTree(payload);
  }

  public static String message(IOException e) {
    return e instanceof JsonProcessingException p ? p.getOriginalMessage() : "unreadable payload";
  }
}
