package vn.cantho.ioc.core.store;

import java.time.Instant;
import java.util.List;

/** One metric's points, oldest first. */
public record Series(String metric, List<Point> points, boolean truncated) {

  /** A point of a series: a raw value or a bucket aggregate. */
  public sealed interface Point permits Raw, Aggregate {
    Instant ts();
  }

  public record Raw(Instant ts, double value) implements Point {}

  /** A bucket starting at {@code ts}. */
  public record Aggregate(Instant ts, double avg, double min, double max, long count)
      implements Point {}
}
