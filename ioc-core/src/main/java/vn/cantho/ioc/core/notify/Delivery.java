package vn.cantho.ioc.core.notify;

/** What a provider made of one attempt. */
public record Delivery(Outcome outcome, String detail) {
  public enum Outcome {
    /** Handed over: the provider took the message. */
    DELIVERED,
    /** Not now (5xx, timeout, throttled, connection refused): try again later. */
    RETRY,
    /** Never (4xx, a bad address, a rejected sender): trying again cannot help. */
    REJECTED
  }

  public static Delivery delivered(String detail) {
    return new Delivery(Outcome.DELIVERED, detail);
  }

  public static Delivery retry(String detail) {
    return new Delivery(Outcome.RETRY, detail);
  }

  public static Delivery rejected(String detail) {
    return new Delivery(Outcome.REJECTED, detail);
  }
}
