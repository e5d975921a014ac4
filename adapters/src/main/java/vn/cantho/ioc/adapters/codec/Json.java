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
          // A payload means one thing: a repeated key or trailing garbage is an error, not "last
          // wins".
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Json() {}

  /**
   * Parses UTF-8 JSON with the limits above; throws with a message worth showing the sender. The
   * bytes are decoded strictly first: JSON on the wire is UTF-8 (RFC 8259 §8.1), and the parser
   * would otherwise guess UTF-16 or UTF-32 from the first bytes and accept them.
   */
  public static com.fasterxml.jackson.databind.JsonNode parse(byte[] payload) throws IOException {
    if (isPrintableAscii(payload)) {
      return MAPPER.readTree(payload); // the common case: nothing to decode
    }
    String text;
    try {
      text =
          java.nio.charset.StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
              .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(payload))
              .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IOException("payload is not valid UTF-8", e);
    }
    return MAPPER.readTree(text);
  }

  /**
   * Bytes 0x01 to 0x7F only: such a payload is the same text in UTF-8 and ASCII, and without zero
   * bytes the parser cannot take it for UTF-16 or UTF-32.
   */
  private static boolean isPrintableAscii(byte[] payload) {
    for (byte b : payload) {
      if (b <= 0) {
        return false;
      }
    }
    return true;
  }

  public static String message(IOException e) {
    return e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
  }
}
