package vn.cantho.ioc.core.notify;

/**
 * Hands one message to one provider. Blocking, on the dispatcher's sender threads; an exception is
 * treated as a transient failure and retried.
 */
@FunctionalInterface
public interface Sender {
  Delivery send(Outgoing message) throws Exception;
}
