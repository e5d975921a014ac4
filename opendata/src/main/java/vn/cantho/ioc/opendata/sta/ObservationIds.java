package vn.cantho.ioc.opendata.sta;

import java.time.Instant;
import java.util.Optional;

/**
 * The ids of Observations that are the IOC's readings: the stream in the high bits and the
 * milliseconds since 2000-01-01 in the low 41 (SQL function {@code sta_reading_id}), so an id names
 * exactly one reading and a lookup by id goes straight to its stream and instant. Integrators'
 * Observations have small serial ids, below 2^41.
 */
public final class ObservationIds {
  static final int TIME_BITS = 41;
  private static final long EPOCH_2000_MS = 946_684_800_000L;
  private static final long TIME_MASK = (1L << TIME_BITS) - 1;

  /** A reading's stream and instant. */
  public record ReadingKey(long datastreamId, Instant time) {}

  private ObservationIds() {}

  public static long of(long datastreamId, Instant time) {
    return (datastreamId << TIME_BITS) | (time.toEpochMilli() - EPOCH_2000_MS);
  }

  public static Optional<ReadingKey> decode(long id) {
    if (id >>> TIME_BITS == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new ReadingKey(id >>> TIME_BITS, Instant.ofEpochMilli((id & TIME_MASK) + EPOCH_2000_MS)));
  }
}
