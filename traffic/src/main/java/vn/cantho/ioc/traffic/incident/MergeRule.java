package vn.cantho.ioc.traffic.incident;

import java.time.Duration;
import java.util.Objects;

/**
 * When a report is about an incident already open: the same segment (and the same direction when
 * both say one), and no more than 15 minutes after the incident's latest report, so a queue
 * reported by the detectors, a camera and three citizens is one incident, while the same place an
 * hour later is a new one. Counting from the latest report (not the first) keeps a long incident
 * that keeps being reported as one.
 */
public final class MergeRule {
  public static final Duration WINDOW = Duration.ofMinutes(15);

  private MergeRule() {}

  public static boolean merges(Incident open, Report report) {
    if (open.status().isFinal() || !Objects.equals(open.zoneId(), report.zoneId())) {
      return false; // another zone's incident is not the reporter's to extend or to read
    }
    IncidentLocation a = open.location();
    IncidentLocation b = report.location();
    if (a.segment() == null || !a.segment().equals(b.segment())) {
      return false;
    }
    if (a.direction() != null
        && b.direction() != null
        && !Objects.equals(a.direction(), b.direction())) {
      return false;
    }
    Duration since = Duration.between(open.lastReportAt(), report.at());
    return !since.isNegative() && since.compareTo(WINDOW) <= 0
        || since.isNegative() && !report.at().isBefore(open.openedAt());
  }
}
