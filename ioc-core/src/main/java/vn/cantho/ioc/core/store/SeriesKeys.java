package vn.cantho.ioc.core.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import vn.cantho.ioc.core.reading.Reading;

/**
 * The integer keys a stored reading carries instead of text (ADR 0023): a series id per device and
 * metric, a small code per source. Ids are made by the database on first sight ({@code INSERT ...
 * ON CONFLICT DO NOTHING}, so nodes sharing a database agree) in their own committed statement, so
 * a batch rolled back later leaves at most an unused key, never a dangling one. The ids are cached:
 * a reading's key costs a hash lookup, not a round trip.
 *
 * <p>Blocking JDBC on a miss: call it from a worker thread only.
 */
public final class SeriesKeys {
  /**
   * Enough for a node's share of a city of 10^6 devices with a few metrics each at about 200 bytes
   * an entry; a series beyond it costs one lookup when it comes back.
   */
  private static final long MAX_CACHED_SERIES = 1_000_000;

  private static final String MAKE_SERIES =
      "INSERT INTO series (device_id, metric) SELECT * FROM unnest(?::text[], ?::text[])"
          + " ON CONFLICT DO NOTHING";
  private static final String FIND_SERIES =
      "SELECT s.id, s.device_id, s.metric FROM series s"
          + " JOIN unnest(?::text[], ?::text[]) AS k (device_id, metric)"
          + " ON s.device_id = k.device_id AND s.metric = k.metric";
  private static final String MAKE_SOURCE =
      "INSERT INTO reading_sources (name) VALUES (?) ON CONFLICT DO NOTHING";
  private static final String FIND_SOURCE = "SELECT code FROM reading_sources WHERE name = ?";

  /** A device's metric: what one series id stands for. */
  record Key(String deviceId, String metric) {}

  private final Database database;
  // Per device, its metrics' ids: one bounded-cache lookup per device of a batch's run of readings
  // (a message's metrics come together), then a small map.
  private final Cache<String, Map<String, Integer>> series =
      Caffeine.newBuilder()
          .maximumWeight(MAX_CACHED_SERIES)
          .<String, Map<String, Integer>>weigher((device, metrics) -> Math.max(1, metrics.size()))
          .build();
  // A handful of ingest paths: never evicted.
  private final Map<String, Short> sources = new ConcurrentHashMap<>();

  public SeriesKeys(Database database) {
    this.database = database;
  }

  /** The series id of each reading, in order. */
  public int[] seriesIds(List<Reading> readings) throws SQLException {
    int[] ids = new int[readings.size()];
    Set<Key> missing = new HashSet<>();
    String device = null;
    Map<String, Integer> metrics = null;
    for (int i = 0; i < ids.length; i++) {
      Reading r = readings.get(i);
      if (!r.deviceId().equals(device)) {
        device = r.deviceId();
        metrics = series.getIfPresent(device);
      }
      Integer id = metrics == null ? null : metrics.get(r.metric());
      if (id == null) {
        missing.add(new Key(r.deviceId(), r.metric()));
      } else {
        ids[i] = id;
      }
    }
    if (missing.isEmpty()) {
      return ids;
    }
    // Sorted: nodes making the same new series at once then lock the keys in the same order.
    List<Key> sorted = new ArrayList<>(missing);
    sorted.sort(Comparator.comparing(Key::deviceId).thenComparing(Key::metric));
    Map<Key, Integer> found = fetch(sorted);
    found.forEach(
        (key, id) -> {
          // Copy-on-write: readers on other threads see a whole map, never one being filled.
          series
              .asMap()
              .compute(
                  key.deviceId(),
                  (d, known) -> {
                    Map<String, Integer> next =
                        known == null ? new HashMap<>() : new HashMap<>(known);
                    next.put(key.metric(), id);
                    return Map.copyOf(next);
                  });
        });
    for (int i = 0; i < ids.length; i++) {
      Reading r = readings.get(i);
      if (ids[i] == 0) {
        ids[i] = found.get(new Key(r.deviceId(), r.metric()));
      }
    }
    return ids;
  }

  /** The code of a source name. */
  public short sourceCode(String name) throws SQLException {
    Short code = sources.get(name);
    if (code != null) {
      return code;
    }
    try (Connection c = database.dataSource().getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(MAKE_SOURCE)) {
        ps.setString(1, name);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(FIND_SOURCE)) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          short made = rs.getShort(1);
          sources.put(name, made);
          return made;
        }
      }
    }
  }

  private Map<Key, Integer> fetch(List<Key> keys) throws SQLException {
    String[] devices = keys.stream().map(Key::deviceId).toArray(String[]::new);
    String[] metrics = keys.stream().map(Key::metric).toArray(String[]::new);
    Map<Key, Integer> found = new HashMap<>();
    try (Connection c = database.dataSource().getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(MAKE_SERIES)) {
        ps.setArray(1, c.createArrayOf("text", devices));
        ps.setArray(2, c.createArrayOf("text", metrics));
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(FIND_SERIES)) {
        ps.setArray(1, c.createArrayOf("text", devices));
        ps.setArray(2, c.createArrayOf("text", metrics));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            found.put(new Key(rs.getString(2), rs.getString(3)), rs.getInt(1));
          }
        }
      }
    }
    if (found.size() != keys.size()) {
      throw new SQLException("series keys missing after insert: " + keys.size() + " asked");
    }
    return found;
  }
}
