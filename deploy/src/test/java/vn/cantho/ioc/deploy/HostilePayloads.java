package vn.cantho.ioc.deploy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import vn.cantho.ioc.adapters.mqtt.MqttIngestConfig;

/**
 * Malformed and hostile uplinks, each of which must be quarantined with a reason while the valid
 * readings around it are stored. Built in code because several are not valid text at all.
 */
final class HostilePayloads {
  private HostilePayloads() {}

  record Payload(String name, byte[] bytes) {
    static Payload text(String name, String text) {
      return new Payload(name, text.getBytes(StandardCharsets.UTF_8));
    }
  }

  static List<Payload> all() {
    List<Payload> p = new ArrayList<>();
    // Truncated or not JSON at all.
    p.add(Payload.text("truncated object", "{"));
    p.add(Payload.text("truncated values", "{\"values\":{\"do\":1"));
    p.add(Payload.text("truncated array", "["));
    p.add(Payload.text("empty", ""));
    p.add(Payload.text("whitespace", "   \n\t "));
    p.add(Payload.text("plain text", "do=5.2;ph=7.1"));
    p.add(Payload.text("xml", "<reading><do>5</do></reading>"));
    p.add(Payload.text("single quotes", "{'values':{'do':1}}"));
    p.add(Payload.text("comment", "{/* c */\"values\":{\"do\":1}}"));
    p.add(Payload.text("trailing comma", "{\"values\":{\"do\":1,}}"));
    p.add(Payload.text("trailing garbage", "{\"values\":{\"do\":1}} xyz"));
    p.add(Payload.text("two documents", "{\"values\":{\"do\":1}}{\"values\":{\"do\":2}}"));
    p.add(Payload.text("duplicate key", "{\"values\":{\"do\":1,\"do\":2}}"));
    // Wrong shapes and types.
    p.add(Payload.text("null", "null"));
    p.add(Payload.text("string", "\"hello\""));
    p.add(Payload.text("number", "42"));
    p.add(Payload.text("boolean", "true"));
    p.add(Payload.text("empty object", "{}"));
    p.add(Payload.text("empty values", "{\"values\":{}}"));
    p.add(Payload.text("values array", "{\"values\":[1,2]}"));
    p.add(Payload.text("values string", "{\"values\":\"do=1\"}"));
    p.add(Payload.text("value string", "{\"values\":{\"do\":\"5\"}}"));
    p.add(Payload.text("value boolean", "{\"values\":{\"do\":true}}"));
    p.add(Payload.text("value null", "{\"values\":{\"do\":null}}"));
    p.add(Payload.text("value object", "{\"values\":{\"do\":{\"v\":1}}}"));
    p.add(Payload.text("value array", "{\"values\":{\"do\":[1]}}"));
    p.add(Payload.text("value NaN string", "{\"values\":{\"temp\":\"NaN\"}}"));
    // Numbers.
    p.add(Payload.text("huge number", "{\"values\":{\"do\":1e400}}"));
    p.add(Payload.text("huge negative", "{\"values\":{\"do\":-1e400}}"));
    p.add(Payload.text("too many digits", "{\"values\":{\"do\":1" + "0".repeat(200) + "}}"));
    p.add(Payload.text("NaN literal", "{\"values\":{\"do\":NaN}}"));
    p.add(Payload.text("Infinity literal", "{\"values\":{\"do\":Infinity}}"));
    p.add(Payload.text("hex", "{\"values\":{\"do\":0x10}}"));
    p.add(Payload.text("leading zero", "{\"values\":{\"do\":01}}"));
    p.add(Payload.text("above range", "{\"values\":{\"do\":99999}}"));
    p.add(Payload.text("below range", "{\"values\":{\"ph\":-3}}"));
    // Time.
    p.add(Payload.text("ts not a date", "{\"ts\":\"yesterday\",\"values\":{\"do\":1}}"));
    p.add(Payload.text("ts number", "{\"ts\":12345,\"values\":{\"do\":1}}"));
    p.add(Payload.text("ts far future", "{\"ts\":\"2999-01-01T00:00:00Z\",\"values\":{\"do\":1}}"));
    p.add(Payload.text("ts too old", "{\"ts\":\"1999-01-01T00:00:00Z\",\"values\":{\"do\":1}}"));
    p.add(
        Payload.text(
            "ts without offset", "{\"ts\":\"2026-11-23T06:00:00\",\"values\":{\"do\":1}}"));
    // Injection attempts and hostile text.
    p.add(Payload.text("sql in metric", "{\"values\":{\"'; DROP TABLE readings; --\":1}}"));
    p.add(Payload.text("script in metric", "{\"values\":{\"<script>alert(1)</script>\":1}}"));
    p.add(
        Payload.text(
            "sql in ts",
            "{\"ts\":\"2026-01-01'); DELETE FROM devices; --\",\"values\":{\"do\":1}}"));
    p.add(Payload.text("NUL in key", "{\"values\":{\"do\\u0000\":1}}"));
    p.add(Payload.text("control chars", "{\"values\":{\"\\u0007\\u001b[31m\":1}}"));
    p.add(Payload.text("unicode metric", "{\"values\":{\"oxy hòa tan\":1}}"));
    p.add(Payload.text("long string", "{\"values\":{\"do\":\"" + "a".repeat(10_000) + "\"}}"));
    p.add(Payload.text("long key", "{\"values\":{\"" + "k".repeat(10_000) + "\":1}}"));
    // Structure bombs.
    p.add(Payload.text("deep arrays", "[".repeat(5_000) + "]".repeat(5_000)));
    p.add(Payload.text("deep objects", "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000)));
    // Just over the payload limit, so the node quarantines it; the embedded broker refuses packets
    // only 1 KiB larger outright (BrokerPacketSizeTest).
    p.add(
        Payload.text(
            "oversized",
            "{\"values\":{\"do\":1},\"pad\":\""
                + "x".repeat(MqttIngestConfig.MAX_PAYLOAD_BYTES)
                + "\"}"));
    // Not valid UTF-8, binary.
    p.add(
        new Payload(
            "invalid utf-8",
            new byte[] {'{', '"', 'v', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}));
    p.add(new Payload("binary", new byte[] {0, 1, 2, 3, (byte) 0xFF, (byte) 0xFE}));
    p.add(new Payload("utf-16", "{\"values\":{\"do\":1}}".getBytes(StandardCharsets.UTF_16LE)));
    // SenML gone wrong (a JSON array is read as SenML).
    p.add(Payload.text("senml no name", "[{\"v\":1}]"));
    p.add(Payload.text("senml string value", "[{\"n\":\"DEVICE/do\",\"vs\":\"low\"}]"));
    p.add(Payload.text("senml wrong unit", "[{\"n\":\"DEVICE/do\",\"u\":\"%\",\"v\":1}]"));
    p.add(Payload.text("senml other device", "[{\"n\":\"someone-else/do\",\"v\":1}]"));
    p.add(Payload.text("senml time string", "[{\"n\":\"DEVICE/do\",\"t\":\"now\",\"v\":1}]"));
    return p;
  }
}
