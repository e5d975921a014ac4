package vn.cantho.ioc.core.notify;

/**
 * One message on its way out, as claimed from the outbox.
 *
 * @param attempt 1 for the first try
 * @param idempotencyKey the same on every attempt, so a provider can drop a resend
 */
public record Outgoing(
    long id,
    long alertId,
    Channel channel,
    String address,
    Language language,
    String severity,
    String metric,
    String title,
    String body,
    int attempt,
    String idempotencyKey) {}
