package vn.cantho.ioc.deploy;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.ReadingWriter;
import vn.cantho.ioc.sim.flood.FloodGauges;
import vn.cantho.ioc.sim.flood.TideGauge;
import vn.cantho.ioc.sim.flood.TideModel;
import vn.cantho.ioc.sim.flood.WaterLevelGaugeModel;

/**
 * The demo gauges' last 29 days, as a station joining an existing network brings them: without them
 * the flood forecasts would wait two weeks of live data before their first high water. Written
 * once, on a demo whose gauges have no readings yet, before the flood feature takes its stations
 * (which replays them).
 */
final class DemoGaugeHistory {
  private static final Logger LOG = LoggerFactory.getLogger(DemoGaugeHistory.class);
  static final Duration SPAN = Duration.ofDays(29);
  private static final Duration STEP = Duration.ofSeconds(FloodGauges.REPORT_INTERVAL_S);

  private DemoGaugeHistory() {}

  static void backfill(Database database, Instant now) throws SQLException {
    ReadingWriter writer = new ReadingWriter(database);
    Instant from = now.minus(SPAN).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    int written = 0;
    for (TideGauge g : FloodGauges.gauges()) {
      if (hasReadings(database, g.id())) {
        continue;
      }
      TideModel truth = FloodGauges.demoModel(g.id());
      List<Reading> batch = new ArrayList<>();
      for (Instant t = from; t.isBefore(now); t = t.plus(STEP)) {
        batch.add(
            new Reading(
                g.id(),
                WaterLevelGaugeModel.METRIC,
                t,
                WaterLevelGaugeModel.measuredCm(g.id(), truth.levelCm(t), t),
                Quality.GOOD,
                "demo-history"));
      }
      written += writer.write(batch);
    }
    if (written > 0) {
      LOG.info("Demo gauges: {} readings of the last {} days written", written, SPAN.toDays());
    }
  }

  private static boolean hasReadings(Database database, String deviceId) throws SQLException {
    try (var c = database.dataSource().getConnection();
        var ps = c.prepareStatement("SELECT 1 FROM readings WHERE device_id = ? LIMIT 1")) {
      ps.setString(1, deviceId);
      try (var rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
