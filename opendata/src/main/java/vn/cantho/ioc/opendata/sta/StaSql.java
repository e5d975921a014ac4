package vn.cantho.ioc.opendata.sta;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL of one read: which rows of the addressed entity set a resource path and its options
 * select, in which order, and how many. Every value is a bound parameter.
 */
final class StaSql {
  private static final Pattern CHILD_KEY = Pattern.compile("c\\.(\\w+) = p\\.id");
  private static final Pattern PARENT = Pattern.compile("(?<![A-Za-z0-9_])p\\.");
  private static final Pattern CHILD = Pattern.compile("(?<![A-Za-z0-9_])c\\.");

  /**
   * The rows of the IOC's readings for one datastream as Observations, for the path that matters
   * most ({@code Datastreams(n)/Observations}): straight on the readings index, newest first.
   */
  record ReadingSource(long datastreamId, String deviceId, String metric, Long featureId) {}

  /** A query's FROM, WHERE and ORDER BY, with the parameters of each part in order. */
  /**
   * @param countParams how many of {@code params} belong to FROM and WHERE (the count's), the rest
   *     being the order's
   */
  record Select(String from, String where, String orderBy, List<Object> params, int countParams) {
    String rows(int limit, int offset) {
      return "SELECT c.* FROM "
          + from
          + " c WHERE "
          + where
          + " ORDER BY "
          + orderBy
          + " LIMIT "
          + limit
          + " OFFSET "
          + offset;
    }

    String count() {
      return "SELECT count(*) FROM " + from + " c WHERE " + where;
    }
  }

  private StaSql() {}

  /** The condition linking a parent row (alias {@code parent}) to a child row ({@code child}). */
  static String join(EntitySet.Navigation n, String parent, String child) {
    // Through markers, so a parent aliased "c" is not renamed again as the child.
    String s = PARENT.matcher(n.condition()).replaceAll("\u0001");
    s = CHILD.matcher(s).replaceAll("\u0002");
    return s.replace("\u0001", parent + ".").replace("\u0002", child + ".");
  }

  static Select select(ResourcePath path, QueryOptions options, ReadingSource readings) {
    List<Object> params = new ArrayList<>();
    String from = readings == null ? path.target().table : readingsFrom(readings, params);
    String where = readings == null ? pathCondition(path, params) : "true";
    if (options.filter() != null) {
      where += " AND " + new SqlExpr(params).condition(options.filter(), path.target(), "c");
    }
    int countParams = params.size();
    String orderBy = orderBy(path.target(), options, params, readings != null);
    return new Select(from, where, orderBy, params, countParams);
  }

  private static String readingsFrom(ReadingSource r, List<Object> params) {
    params.add(r.datastreamId());
    params.add(r.datastreamId());
    params.add(r.featureId());
    params.add(r.deviceId());
    params.add(r.metric());
    return "(SELECT sta_reading_id(?, r.ts) AS id, ?::bigint AS datastream_id,"
        + " r.ts AS phenomenon_start, NULL::timestamptz AS phenomenon_end, r.ts AS result_time,"
        + " to_jsonb(r.value) AS result, NULL::jsonb AS result_quality,"
        + " NULL::timestamptz AS valid_start, NULL::timestamptz AS valid_end,"
        + " NULL::jsonb AS parameters, ?::bigint AS feature_id"
        + " FROM readings_all r WHERE r.device_id = ? AND r.metric = ?)";
  }

  /** The user's order, then a unique key so pages never overlap. */
  static String orderBy(
      EntitySet set, QueryOptions options, List<Object> params, boolean uniqueTime) {
    List<String> keys = new ArrayList<>();
    SqlExpr compiler = new SqlExpr(params);
    for (QueryOptions.Order o : options.orderBy()) {
      for (String key : compiler.sortKey(o.expr(), set, "c").split("\0")) {
        keys.add(key + (o.descending() ? " DESC NULLS LAST" : " ASC NULLS FIRST"));
      }
    }
    if (set == EntitySet.OBSERVATIONS) {
      // Newest first by default: what open-data users ask for. A stream's readings have one
      // value per instant, so the time alone is unique there.
      if (keys.isEmpty()) {
        keys.add("c.phenomenon_start DESC");
      }
      if (!uniqueTime) {
        keys.add("c.id DESC");
      }
    } else {
      keys.add("c.id");
    }
    return String.join(", ", keys);
  }

  /** The rows a path reaches: nested EXISTS up the chain of steps, ids as parameters. */
  static String pathCondition(ResourcePath path, List<Object> params) {
    return stepCondition(path.steps(), path.steps().size() - 1, "c", params);
  }

  private static String stepCondition(
      List<ResourcePath.Step> steps, int i, String alias, List<Object> params) {
    ResourcePath.Step step = steps.get(i);
    List<String> parts = new ArrayList<>();
    if (step.id() != null) {
      parts.add(alias + ".id = ?");
      params.add(step.id());
    }
    if (i > 0) {
      ResourcePath.Step parent = steps.get(i - 1);
      Matcher key = CHILD_KEY.matcher(step.via().condition());
      if (i == 1 && parent.id() != null && key.matches()) {
        // The parent is named by id alone: compare the child's key with it directly.
        parts.add(alias + "." + key.group(1) + " = ?");
        params.add(parent.id());
      } else {
        String p = "s" + i;
        parts.add(
            "EXISTS (SELECT 1 FROM "
                + parent.set().table
                + " "
                + p
                + " WHERE "
                + join(step.via(), p, alias)
                + " AND "
                + stepCondition(steps, i - 1, p, params)
                + ")");
      }
    }
    return parts.isEmpty() ? "true" : String.join(" AND ", parts);
  }
}
