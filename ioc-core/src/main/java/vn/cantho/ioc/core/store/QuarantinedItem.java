package vn.cantho.ioc.core.store;

import java.time.Instant;

/** One row of the quarantine as operators and integrators see it. */
public record QuarantinedItem(
    long id,
    Instant receivedAt,
    String source,
    String topic,
    String deviceId,
    String reason,
    byte[] raw) {}
