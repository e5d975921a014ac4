package vn.cantho.ioc.traffic.incident;

import java.time.Instant;

/**
 * One traffic incident as staff work it.
 *
 * @param zoneId the commune or ward its point lies in, or null outside every zone
 * @param method the detection method that found it ({@code california8}, {@code bpd}), or null
 * @param openedAt when it began: the first report's time (data time for detection)
 * @param lastReportAt the latest report merged into it; later reports merge within 15 minutes
 * @param updatedAt its last change of any kind
 * @param assignee the user who works it, or null
 * @param reports how many reports were merged into it, the first included
 * @param version grows with every change: the DATEX II record's version
 */
public record Incident(
    long id,
    IncidentKind kind,
    IncidentSeverity severity,
    IncidentStatus status,
    IncidentSource source,
    String method,
    IncidentLocation location,
    String zoneId,
    String description,
    Instant openedAt,
    Instant lastReportAt,
    Instant updatedAt,
    Instant verifiedAt,
    Instant closedAt,
    String assignee,
    int reports,
    int version) {}
