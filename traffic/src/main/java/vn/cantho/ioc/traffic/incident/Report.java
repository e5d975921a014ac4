package vn.cantho.ioc.traffic.incident;

import java.time.Instant;
import java.util.Objects;

/**
 * One report of something on the road, before it is merged into an incident or opens one.
 *
 * @param method the detection method for {@link IncidentSource#DETECTION}, else null
 * @param at when it was seen: the data's minute for detection, the observation time for a camera
 * @param reporter who reports: a user, a camera system's account, or {@code system:<method>}
 * @param externalId the reporting system's own id (a camera event's), or null
 */
public record Report(
    IncidentKind kind,
    IncidentSeverity severity,
    IncidentSource source,
    String method,
    IncidentLocation location,
    String zoneId,
    String description,
    Instant at,
    String reporter,
    String externalId) {
  public Report {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(reporter, "reporter");
    description = description == null ? "" : description;
  }
}
