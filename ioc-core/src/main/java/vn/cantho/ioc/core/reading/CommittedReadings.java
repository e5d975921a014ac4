package vn.cantho.ioc.core.reading;

import java.time.Instant;
import java.util.List;

/**
 * Readings just committed to the database, published on the event bus at {@link #ADDRESS} for
 * everything that reacts to new data (latest state, live map, later the rule engine).
 *
 * @param committedAt when the commit returned, on the committing node's clock; a listener that
 *     measures freshness takes it from here, so its own place in the event loop's queue (behind the
 *     rules and the live feed) does not count as ingest time. On {@link #ELSEWHERE_ADDRESS}, when
 *     this node heard of the other node's commit.
 */
public record CommittedReadings(List<Reading> readings, Instant committedAt) {
  public static final String ADDRESS = "ioc.readings.committed";

  /**
   * Readings another node of the cluster committed (ADR 0022), for this node's caches and live feed
   * only: rules and other once-per-reading work listen to {@link #ADDRESS}, which carries each
   * reading on exactly one node. A reading here carries the newest value of its device and metric
   * in the other node's batch, not every reading of it.
   */
  public static final String ELSEWHERE_ADDRESS = "ioc.readings.committed.elsewhere";
}
