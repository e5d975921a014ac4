package vn.cantho.ioc.core.auth;

/** What a role may do. What it may see of the city is a separate question: {@link Caller#sees}. */
public enum Permission {
  /** Devices, their readings, zones and the live feed (within the caller's scope). */
  READ_MAP,
  /** Acknowledge (and close) alerts within the caller's scope. */
  ACKNOWLEDGE_ALERTS,
  /** What ingest refused and why: raw payloads, city-wide. */
  READ_QUARANTINE,
  READ_AUDIT,
  /** Change alert rules (a pond's thresholds). */
  MANAGE_RULES,
  /** Register farms and ponds: owner, species, outline, probes. */
  MANAGE_FARMS,
  MANAGE_USERS,
  /** Issue and rotate device and gateway credentials. */
  MANAGE_DEVICE_CREDENTIALS,
  /** Prometheus metrics of the node. */
  READ_METRICS
}
