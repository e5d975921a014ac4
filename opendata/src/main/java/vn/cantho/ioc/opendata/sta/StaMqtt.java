package vn.cantho.ioc.opendata.sta;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import vn.cantho.ioc.core.feature.OpenTopics;
import vn.cantho.ioc.core.reading.Reading;

/**
 * SensorThings' MQTT extension, receiving side (§14.2): what changes is published on the broker's
 * open topics as the API would show it. A new entity goes to its set ({@code v1.0/Things}) and to
 * itself ({@code v1.0/Things(5)}); a new Observation also to its Datastream's and its feature's
 * Observations; an update to the entity and to each property it changed ({@code
 * v1.0/Things(5)/name}). The IOC's readings of raw public streams are published as they commit;
 * hourly-mean streams are not (their Observations exist only once an hour is complete).
 */
public final class StaMqtt {
  private static final String VERSION = "v1.0/";

  /** A raw public stream of the IOC: its Datastream and feature of interest. */
  private record Stream(long id, Long featureId) {}

  private final OpenTopics topics;
  private final DataSource data;
  private final String root;
  private volatile Map<String, Stream> streams = Map.of();

  /**
   * @param root the service root written in the messages' links (they have no request to take it
   *     from), e.g. {@code https://ioc.cantho.gov.vn/sta/v1.0}
   */
  public StaMqtt(OpenTopics topics, DataSource data, String root) {
    this.topics = topics;
    this.data = data;
    this.root = root;
  }

  /** Reloads which device and metric feed which raw public stream (after each projection). */
  public void refresh() throws SQLException {
    Map<String, Stream> next = new HashMap<>();
    try (Connection c = data.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, device_id, metric, feature_id FROM sta_datastreams"
                    + " WHERE device_id IS NOT NULL AND NOT hourly");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long feature = rs.getLong(4);
        next.put(
            rs.getString(2) + "\n" + rs.getString(3),
            new Stream(rs.getLong(1), rs.wasNull() ? null : feature));
      }
    }
    streams = Map.copyOf(next);
  }

  /** Committed readings: those of raw public streams become Observation messages. */
  public void committed(List<Reading> readings) {
    Map<String, Stream> known = streams;
    for (Reading r : readings) {
      Stream s = known.get(r.deviceId() + "\n" + r.metric());
      if (s == null) {
        continue;
      }
      long id = ObservationIds.of(s.id(), r.ts());
      String self = EntityJson.selfLink(root, EntitySet.OBSERVATIONS, id);
      JsonObject o =
          new JsonObject()
              .put("@iot.id", id)
              .put("@iot.selfLink", self)
              .put("phenomenonTime", EntityJson.time(r.ts()))
              .put("result", r.value())
              .put("resultTime", EntityJson.time(r.ts()))
              .put("Datastream@iot.navigationLink", self + "/Datastream")
              .put("FeatureOfInterest@iot.navigationLink", self + "/FeatureOfInterest");
      observation(o, s.id(), s.featureId());
    }
  }

  /** An entity created through the API, as the API answered it. */
  public void created(EntitySet set, JsonObject entity) throws SQLException {
    long id = entity.getLong("@iot.id");
    if (set == EntitySet.OBSERVATIONS) {
      Long[] links = links(id);
      observation(entity, links[0], links[1]);
      return;
    }
    String json = entity.encode();
    topics.publish(VERSION + set.plural, json);
    topics.publish(VERSION + set.plural + "(" + id + ")", json);
  }

  /** An entity updated through the API: to itself, and each changed property to its own topic. */
  public void updated(EntitySet set, JsonObject entity, Set<String> changed) {
    String self = VERSION + set.plural + "(" + entity.getLong("@iot.id") + ")";
    topics.publish(self, entity.encode());
    for (String property : changed) {
      if (set.property(property).isPresent()) {
        topics.publish(
            self + "/" + property,
            new JsonObject().put(property, entity.getValue(property)).encode());
      }
    }
  }

  private void observation(JsonObject o, Long datastream, Long feature) {
    String json = o.encode();
    topics.publish(VERSION + "Observations", json);
    topics.publish(VERSION + "Observations(" + o.getLong("@iot.id") + ")", json);
    if (datastream != null) {
      topics.publish(VERSION + "Datastreams(" + datastream + ")/Observations", json);
    }
    if (feature != null) {
      topics.publish(VERSION + "FeaturesOfInterest(" + feature + ")/Observations", json);
    }
  }

  /** An Observation's Datastream and feature: an IOC reading's from its id, else its row. */
  private Long[] links(long id) throws SQLException {
    var reading = ObservationIds.decode(id);
    String sql =
        reading.isPresent()
            ? "SELECT id, feature_id FROM sta_datastreams WHERE id = ?"
            : "SELECT datastream_id, feature_id FROM sta_observations WHERE id = ?";
    try (Connection c = data.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, reading.map(ObservationIds.ReadingKey::datastreamId).orElse(id));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return new Long[] {null, null};
        }
        long feature = rs.getLong(2);
        return new Long[] {rs.getLong(1), rs.wasNull() ? null : feature};
      }
    }
  }
}
