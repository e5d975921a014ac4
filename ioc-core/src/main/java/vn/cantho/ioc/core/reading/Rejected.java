package vn.cantho.ioc.core.reading;

import java.time.Instant;

/**
 * Input that could not become a reading, kept with the reason so that nothing disappears silently.
 *
 * @param raw the bytes as received (the whole payload, or the one item that failed)
 * @param deviceId the device it claims to come from, when known
 */
public record Rejected(
    String source, String topic, String deviceId, String reason, byte[] raw, Instant receivedAt) {}
