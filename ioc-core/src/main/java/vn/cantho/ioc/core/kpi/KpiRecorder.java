package vn.cantho.ioc.core.kpi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures every source and stores what they give, at one time per run (the minute it started), so
 * a run's values line up. A source that fails is logged and skipped; the others are stored.
 * Blocking: the node runs it on a worker every {@link #EVERY}.
 */
public final class KpiRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(KpiRecorder.class);
  public static final Duration EVERY = Duration.ofMinutes(5);

  private final List<KpiSource> sources;
  private final KpiStore store;
  private final Clock clock;

  public KpiRecorder(List<KpiSource> sources, KpiStore store, Clock clock) {
    this.sources = List.copyOf(sources);
    this.store = store;
    this.clock = clock;
  }

  /** One run; returns the time it was stored under. */
  public Instant recordNow() throws Exception {
    Instant at = clock.instant().truncatedTo(ChronoUnit.MINUTES);
    List<KpiValue> values = new ArrayList<>();
    for (KpiSource source : sources) {
      try {
        values.addAll(source.measure(at));
      } catch (Exception e) {
        LOG.warn("KPI source {} failed: {}", source.getClass().getSimpleName(), e.toString());
      }
    }
    store.record(at, values);
    return at;
  }
}
