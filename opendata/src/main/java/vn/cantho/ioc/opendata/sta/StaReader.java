package vn.cantho.ioc.opendata.sta;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Answers reads (§9): an entity, a collection with its count and next link, a property or its raw
 * value, association links, and {@code $expand}ed relations, each level one query.
 */
public final class StaReader {
  /** The columns holding to-one links, read beside each row so expansions need no second look. */
  private static final List<String> KEYS =
      List.of("thing_id", "sensor_id", "observed_property_id", "datastream_id", "feature_id");

  /** What a read answers: JSON, or a property's raw value as text. */
  public record Answer(JsonObject json, String text) {}

  private record Row(long id, JsonObject json, Map<String, Long> keys) {}

  /** At most this long for one request's queries; beyond, 503 asking for a narrower query. */
  static final long TIMEOUT_MS = 5_000;

  private static final String QUERY_CANCELED = "57014";

  private final DataSource data;

  public StaReader(DataSource data) {
    this.data = data;
  }

  /**
   * @param base the service root as the caller reached it, e.g. {@code http://host/sta/v1.0}
   * @param rawPath the path below the root, for the next link
   * @param params the decoded query parameters, for the next link
   */
  public Answer read(
      ResourcePath path,
      QueryOptions options,
      String base,
      String rawPath,
      Map<String, String> params)
      throws SQLException {
    try (Connection c = data.getConnection()) {
      c.setReadOnly(true);
      c.setAutoCommit(false);
      try (var limit = c.createStatement()) {
        // A public service: no one request may hold the database longer than this.
        limit.execute("SET LOCAL statement_timeout = '" + TIMEOUT_MS + "ms'");
      }
      try {
        return readIn(c, path, options, base, rawPath, params);
      } catch (SQLException e) {
        if (QUERY_CANCELED.equals(e.getSQLState())) {
          throw new StaException(
              503,
              "Truy vấn quá nặng, hãy thu hẹp theo Datastream hay thời gian / query too costly:"
                  + " narrow it to a Datastream or a time range");
        }
        throw e;
      } finally {
        c.rollback();
      }
    }
  }

  private Answer readIn(
      Connection c,
      ResourcePath path,
      QueryOptions options,
      String base,
      String rawPath,
      Map<String, String> params)
      throws SQLException {
    StaSql.ReadingSource readings = readingSource(c, path);
    if (path.single()) {
      return single(c, path, options, base, readings);
    }
    StaSql.Select select = StaSql.select(path, options, readings);
    List<Row> rows =
        rows(
            c,
            select.rows(options.top() + 1, options.skip()),
            select.params(),
            path.target(),
            base,
            options.select());
    JsonObject out = new JsonObject();
    if (options.count()) {
      out.put("@iot.count", count(c, select));
    }
    boolean more = rows.size() > options.top();
    if (more) {
      rows = rows.subList(0, options.top());
    }
    if (path.ref()) {
      JsonArray links = new JsonArray();
      rows.forEach(
          r ->
              links.add(
                  new JsonObject()
                      .put("@iot.selfLink", EntityJson.selfLink(base, path.target(), r.id()))));
      out.put("value", links);
    } else {
      expand(c, path.target(), rows, options.expand(), base);
      out.put("value", new JsonArray(rows.stream().map(Row::json).toList()));
    }
    if (more) {
      out.put("@iot.nextLink", NextLink.of(base, rawPath, params, options));
    }
    return new Answer(out, null);
  }

  private Answer single(
      Connection c,
      ResourcePath path,
      QueryOptions options,
      String base,
      StaSql.ReadingSource readings)
      throws SQLException {
    List<Object> params = new ArrayList<>();
    String where = StaSql.pathCondition(path, params);
    String from = path.target().table;
    if (path.target() == EntitySet.OBSERVATIONS && path.last().id() != null) {
      // An IOC reading's id names its stream and instant: narrow the view to them. Any other id
      // is an integrator's row: read its table, not the view (whose readings would all be keyed).
      var reading = ObservationIds.decode(path.last().id());
      if (reading.isEmpty()) {
        from = "sta_observations";
      } else {
        where += " AND c.datastream_id = ? AND c.phenomenon_start = ?";
        params.add(reading.get().datastreamId());
        params.add(java.sql.Timestamp.from(reading.get().time()));
      }
    }
    List<Row> rows =
        rows(
            c,
            "SELECT c.* FROM " + from + " c WHERE " + where + " LIMIT 2",
            params,
            path.target(),
            base,
            path.property() == null ? options.select() : List.of());
    if (rows.isEmpty()) {
      throw StaException.notFound("Không tìm thấy / not found");
    }
    Row row = rows.get(0);
    if (path.ref()) {
      return new Answer(
          new JsonObject().put("@iot.selfLink", row.json().getString("@iot.selfLink")), null);
    }
    if (path.property() != null) {
      Object v = path.property().equals("id") ? row.id() : row.json().getValue(path.property());
      if (path.value()) {
        return new Answer(
            null, v == null ? "" : v instanceof String s ? s : io.vertx.core.json.Json.encode(v));
      }
      return new Answer(new JsonObject().put(path.property(), v), null);
    }
    expand(c, path.target(), rows, options.expand(), base);
    return new Answer(row.json(), null);
  }

  /** The readings behind {@code Datastreams(n)/Observations} when stream n is an IOC device's. */
  private static StaSql.ReadingSource readingSource(Connection c, ResourcePath path)
      throws SQLException {
    List<ResourcePath.Step> steps = path.steps();
    if (path.target() != EntitySet.OBSERVATIONS
        || steps.size() != 2
        || steps.get(0).set() != EntitySet.DATASTREAMS
        || steps.get(0).id() == null
        || steps.get(1).id() != null) {
      return null;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT device_id, metric, hourly, feature_id FROM sta_datastreams WHERE id = ?")) {
      ps.setLong(1, steps.get(0).id());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw StaException.notFound("Không có Datastream / no Datastream " + steps.get(0).id());
        }
        if (rs.getString(1) == null || rs.getBoolean(3)) {
          return null;
        }
        long feature = rs.getLong(4);
        return new StaSql.ReadingSource(
            steps.get(0).id(), rs.getString(1), rs.getString(2), rs.wasNull() ? null : feature);
      }
    }
  }

  private static long count(Connection c, StaSql.Select select) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(select.count())) {
      for (int i = 0; i < select.countParams(); i++) {
        ps.setObject(i + 1, select.params().get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static List<Row> rows(
      Connection c,
      String sql,
      List<Object> params,
      EntitySet set,
      String base,
      List<String> select)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        return read(rs, set, base, select, null).values().stream().flatMap(List::stream).toList();
      }
    }
  }

  /** Rows by the parent they belong to (one group, key 0, when there is no parent column). */
  private static Map<Long, List<Row>> read(
      ResultSet rs, EntitySet set, String base, List<String> select, String parentColumn)
      throws SQLException {
    Map<Long, List<Row>> out = new LinkedHashMap<>();
    var columns = new java.util.HashSet<String>();
    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
      columns.add(rs.getMetaData().getColumnLabel(i));
    }
    while (rs.next()) {
      Map<String, Long> keys = new HashMap<>();
      for (String k : KEYS) {
        if (columns.contains(k)) {
          long v = rs.getLong(k);
          if (!rs.wasNull()) {
            keys.put(k, v);
          }
        }
      }
      long parent = parentColumn == null ? 0 : rs.getLong(parentColumn);
      out.computeIfAbsent(parent, p -> new ArrayList<>())
          .add(new Row(rs.getLong("id"), EntityJson.of(rs, set, base, select), keys));
    }
    return out;
  }

  /** Adds each expanded relation to the rows, one query per relation and level. */
  private void expand(
      Connection c,
      EntitySet set,
      List<Row> parents,
      List<QueryOptions.Expand> expands,
      String base)
      throws SQLException {
    if (parents.isEmpty() || expands.isEmpty()) {
      return;
    }
    for (Map.Entry<String, QueryOptions> e : merged(expands).entrySet()) {
      EntitySet.Navigation n =
          set.navigation(e.getKey())
              .orElseThrow(
                  () ->
                      StaException.badRequest(
                          "Không mở rộng được / cannot expand "
                              + e.getKey()
                              + " of "
                              + set.singular));
      QueryOptions o = e.getValue();
      Map<Long, List<Row>> children =
          n.many() ? many(c, set, n, parents, o, base) : one(c, n, parents, o, base);
      List<Row> all = children.values().stream().flatMap(List::stream).toList();
      expand(c, n.target(), all, o.expand(), base);
      for (Row p : parents) {
        if (n.many()) {
          List<Row> mine = children.getOrDefault(p.id(), List.of());
          p.json().put(n.name(), new JsonArray(mine.stream().map(Row::json).toList()));
        } else {
          Long key = p.keys().get(n.foreignKey());
          List<Row> target = key == null ? List.of() : children.getOrDefault(key, List.of());
          if (!target.isEmpty()) {
            p.json().put(n.name(), target.get(0).json().copy());
          }
        }
      }
    }
  }

  /** {@code A/B,A/C,A($top=2)} as one expansion of A with B and C beneath. */
  private static Map<String, QueryOptions> merged(List<QueryOptions.Expand> expands) {
    Map<String, QueryOptions> out = new LinkedHashMap<>();
    for (QueryOptions.Expand x : expands) {
      String head = x.path().get(0);
      QueryOptions own =
          x.path().size() == 1
              ? x.options()
              : withExpand(
                  QueryOptions.none(),
                  List.of(
                      new QueryOptions.Expand(x.path().subList(1, x.path().size()), x.options())));
      out.merge(
          head,
          own,
          (a, b) -> {
            List<QueryOptions.Expand> both = new ArrayList<>(a.expand());
            both.addAll(b.expand());
            QueryOptions plain = withExpand(QueryOptions.none(), List.of());
            return withExpand(withExpand(a, List.of()).equals(plain) ? b : a, both);
          });
    }
    return out;
  }

  private static QueryOptions withExpand(QueryOptions o, List<QueryOptions.Expand> expand) {
    return new QueryOptions(
        o.top(), o.skip(), o.count(), o.filter(), o.orderBy(), o.select(), expand);
  }

  private static Map<Long, List<Row>> many(
      Connection c,
      EntitySet set,
      EntitySet.Navigation n,
      List<Row> parents,
      QueryOptions o,
      String base)
      throws SQLException {
    List<Object> params = new ArrayList<>();
    String filter =
        o.filter() == null
            ? ""
            : " AND " + new SqlExpr(params).condition(o.filter(), n.target(), "c");
    String order = StaSql.orderBy(n.target(), o, params, false);
    String sql =
        "SELECT p.id AS sta_parent, x.* FROM "
            + set.table
            + " p CROSS JOIN LATERAL"
            + " (SELECT c.* FROM "
            + n.target().table
            + " c WHERE "
            + StaSql.join(n, "p", "c")
            + filter
            + " ORDER BY "
            + order
            + " LIMIT "
            + o.top()
            + " OFFSET "
            + o.skip()
            + ") x"
            + " WHERE p.id = ANY(?) ORDER BY p.id";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      Array ids = c.createArrayOf("bigint", parents.stream().map(Row::id).toArray());
      ps.setArray(params.size() + 1, ids);
      try (ResultSet rs = ps.executeQuery()) {
        return read(rs, n.target(), base, o.select(), "sta_parent");
      }
    }
  }

  private static Map<Long, List<Row>> one(
      Connection c, EntitySet.Navigation n, List<Row> parents, QueryOptions o, String base)
      throws SQLException {
    Object[] keys =
        parents.stream()
            .map(p -> p.keys().get(n.foreignKey()))
            .filter(k -> k != null)
            .distinct()
            .toArray();
    String sql =
        "SELECT c.id AS sta_parent, c.* FROM " + n.target().table + " c WHERE c.id = ANY(?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("bigint", keys));
      try (ResultSet rs = ps.executeQuery()) {
        return read(rs, n.target(), base, o.select(), "sta_parent");
      }
    }
  }
}
