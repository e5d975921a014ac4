package vn.cantho.ioc.core.notify;

import vn.cantho.ioc.core.auth.Caller;

/**
 * Whether a caller may subscribe to one subject of a feature's (a pond): the features that tell
 * owners of their subjects know which the caller sees. Blocking: worker threads only.
 */
@FunctionalInterface
public interface SubscriptionScopes {
  SubscriptionScopes NONE = (caller, scope) -> false;

  boolean visible(Caller caller, String scope) throws Exception;
}
