package vn.cantho.ioc.core.auth;

/**
 * What a role may do in the kernel; a feature's own permissions are {@link
 * vn.cantho.ioc.core.feature.FeaturePermission}s. What a caller may see of the city is a separate
 * question: {@link Caller#sees}.
 */
public enum Permission {
  /** Devices, their readings, zones and the live feed (within the caller's scope). */
  READ_MAP,
  /** Acknowledge (and close) alerts within the caller's scope. */
  ACKNOWLEDGE_ALERTS,
  /** What ingest refused and why: raw payloads, city-wide. */
  READ_QUARANTINE,
  READ_AUDIT,
  MANAGE_USERS,
  /** Issue and rotate device and gateway credentials. */
  MANAGE_DEVICE_CREDENTIALS,
  /** Prometheus metrics of the node. */
  READ_METRICS
}
