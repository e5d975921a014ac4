package vn.cantho.ioc.opendata.sta;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import vn.cantho.ioc.core.auth.DeviceGrant;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.reading.ReadingSink;

/**
 * An Observation POSTed for one of the IOC's own Datastreams becomes a reading of that device and
 * metric and goes through the same ingest pipeline as MQTT and HTTP: validated against the catalog,
 * quarantined with its reason when refused, and answered only once committed.
 */
public final class IocObservations {
  static final String SOURCE = "sta";
  private static final long COMMIT_TIMEOUT_S = 30;

  /** An IOC stream: its device and metric. */
  public record Stream(long id, String deviceId, String metric) {}

  private final DataSource data;
  private final ReadingSink ingest;
  private final Clock clock;

  public IocObservations(DataSource data, ReadingSink ingest, Clock clock) {
    this.data = data;
    this.ingest = ingest;
    this.clock = clock;
  }

  /** The IOC stream an Observation POST is for, if it is for one. */
  public Optional<Stream> target(ResourcePath path, JsonObject body) throws SQLException {
    if (path.target() != EntitySet.OBSERVATIONS || path.single()) {
      return Optional.empty();
    }
    Long stream = null;
    if (path.steps().size() == 2 && path.steps().get(0).set() == EntitySet.DATASTREAMS) {
      stream = path.steps().get(0).id();
    } else if (body.getValue("Datastream") instanceof JsonObject ref
        && ref.getValue("@iot.id") instanceof Number n) {
      stream = n.longValue();
    }
    if (stream == null) {
      return Optional.empty();
    }
    try (Connection c = data.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT device_id, metric FROM sta_datastreams"
                    + " WHERE id = ? AND device_id IS NOT NULL")) {
      ps.setLong(1, stream);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Stream(stream, rs.getString(1), rs.getString(2)))
            : Optional.empty();
      }
    }
  }

  /**
   * Submits the reading and waits for its commit (call on a worker thread). Returns the new
   * Observation's id; a refused one is quarantined by the pipeline and answered with its reason.
   */
  public long post(Stream stream, JsonObject body, DeviceGrant grant) throws Exception {
    if (!grant.maySendFor(stream.deviceId())) {
      throw new StaException(
          403, grant.username() + " không được gửi cho / may not send for " + stream.deviceId());
    }
    for (String key : body.fieldNames()) {
      if (!List.of("phenomenonTime", "result", "resultTime", "Datastream").contains(key)) {
        throw StaException.badRequest(
            "Số đo IOC chỉ nhận phenomenonTime, result / an IOC reading takes only"
                + " phenomenonTime and result: "
                + key);
      }
    }
    if (!(body.getValue("result") instanceof Number value)) {
      throw StaException.badRequest("result phải là số / result must be a number");
    }
    Object time = body.getValue("phenomenonTime");
    Instant ts =
        time == null
            ? clock.instant()
            : ExprParser.instant(time instanceof String s && !s.contains("/") ? s : "interval");
    Reading reading =
        new Reading(
            stream.deviceId(), stream.metric(), ts, value.doubleValue(), Quality.GOOD, SOURCE);
    Map<Integer, String> refused =
        ingest
            .submitReporting(List.of(reading))
            .toCompletionStage()
            .toCompletableFuture()
            .get(COMMIT_TIMEOUT_S, TimeUnit.SECONDS);
    if (refused.containsKey(0)) {
      throw StaException.quarantined("Đã cách ly / quarantined: " + refused.get(0));
    }
    return ObservationIds.of(stream.id(), ts);
  }
}
