package vn.cantho.ioc.opendata.sta;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * Turns an {@link Expr} into SQL over an entity set's row (alias given), every literal a bound
 * parameter. Geometry works on PostgreSQL's own geometric types (no PostGIS needed): GeoJSON and
 * WKT become {@code polygon}s in longitude/latitude degrees, so distances are planar degrees as in
 * an SQL geometry without a projection.
 */
final class SqlExpr {
  enum Type {
    TEXT,
    NUMBER,
    TIME,
    BOOL,
    JSON,
    GEO,
    NULL
  }

  /** A compiled fragment and its type; parameters go to the shared list in order. */
  record Sql(String text, Type type) {}

  private static final Map<String, String> COMPARE =
      Map.of("eq", "=", "ne", "<>", "gt", ">", "ge", ">=", "lt", "<", "le", "<=");
  private static final Map<String, String> ARITHMETIC =
      Map.of("add", "+", "sub", "-", "mul", "*", "div", "/", "mod", "%");

  private final List<Object> params;
  private int aliases;

  SqlExpr(List<Object> params) {
    this.params = params;
  }

  /** A boolean condition for {@code $filter}. */
  String condition(Expr e, EntitySet set, String alias) {
    Sql s = compile(e, set, alias);
    if (s.type() != Type.BOOL) {
      throw StaException.badRequest("$filter phải là điều kiện / must be a condition");
    }
    return s.text();
  }

  /** A sort key for {@code $orderby}: JSON values sort as numbers first, then as text. */
  String sortKey(Expr e, EntitySet set, String alias) {
    Sql s = compile(e, set, alias);
    if (s.type() == Type.JSON) {
      return "sta_number(" + s.text() + ")" + "\0" + "(" + s.text() + " #>> '{}')";
    }
    return s.text();
  }

  private Sql compile(Expr e, EntitySet set, String alias) {
    if (e instanceof Expr.Path p) {
      return path(p.segments(), set, alias);
    } else if (e instanceof Expr.Text t) {
      return param(t.value(), Type.TEXT);
    } else if (e instanceof Expr.Number n) {
      return param(n.value(), Type.NUMBER);
    } else if (e instanceof Expr.Time t) {
      return param(Timestamp.from(t.value()), Type.TIME);
    } else if (e instanceof Expr.Bool b) {
      return new Sql(b.value() ? "true" : "false", Type.BOOL);
    } else if (e instanceof Expr.Null) {
      return new Sql("NULL", Type.NULL);
    } else if (e instanceof Expr.Geography g) {
      return param(polygon(g.value()), Type.GEO, "::polygon");
    } else if (e instanceof Expr.Not n) {
      return new Sql("NOT (" + bool(n.operand(), set, alias) + ")", Type.BOOL);
    } else if (e instanceof Expr.Negate n) {
      return new Sql("(-" + number(compile(n.operand(), set, alias)) + ")", Type.NUMBER);
    } else if (e instanceof Expr.Binary b) {
      return binary(b, set, alias);
    }
    return call((Expr.Call) e, set, alias);
  }

  private String bool(Expr e, EntitySet set, String alias) {
    Sql s = compile(e, set, alias);
    if (s.type() != Type.BOOL) {
      throw StaException.badRequest("Cần điều kiện / a condition is needed");
    }
    return s.text();
  }

  private Sql param(Object value, Type type) {
    return param(value, type, "");
  }

  private Sql param(Object value, Type type, String cast) {
    params.add(value);
    return new Sql("?" + cast, type);
  }

  private Sql binary(Expr.Binary b, EntitySet set, String alias) {
    if (b.op().equals("and") || b.op().equals("or")) {
      return new Sql(
          "("
              + bool(b.left(), set, alias)
              + " "
              + b.op().toUpperCase(Locale.ROOT)
              + " "
              + bool(b.right(), set, alias)
              + ")",
          Type.BOOL);
    }
    Sql l = compile(b.left(), set, alias);
    Sql r = compile(b.right(), set, alias);
    if (ARITHMETIC.containsKey(b.op())) {
      return new Sql(
          "(" + number(l) + " " + ARITHMETIC.get(b.op()) + " " + number(r) + ")", Type.NUMBER);
    }
    String op = COMPARE.get(b.op());
    if (r.type() == Type.NULL || l.type() == Type.NULL) {
      Sql v = r.type() == Type.NULL ? l : r;
      String test = b.op().equals("eq") ? " IS NULL" : b.op().equals("ne") ? " IS NOT NULL" : null;
      if (test == null) {
        throw StaException.badRequest("null chỉ so bằng eq/ne / null only with eq or ne");
      }
      return new Sql("(" + v.text() + test + ")", Type.BOOL);
    }
    Type common = common(l.type(), r.type());
    return new Sql("(" + as(l, common) + " " + op + " " + as(r, common) + ")", Type.BOOL);
  }

  /** JSON takes the other side's type; otherwise both must agree. */
  private static Type common(Type a, Type b) {
    if (a == Type.JSON && b == Type.JSON) {
      return Type.TEXT;
    }
    if (a == Type.JSON) {
      return b;
    }
    if (b == Type.JSON || a == b) {
      return a;
    }
    throw StaException.badRequest("Không so được " + a + " với " + b + " / cannot compare");
  }

  private static String as(Sql s, Type t) {
    if (s.type() != Type.JSON) {
      return s.text();
    }
    return switch (t) {
      case NUMBER -> "sta_number(" + s.text() + ")";
      case TIME -> "sta_time(" + s.text() + ")";
      case BOOL -> "(" + s.text() + " #>> '{}')::boolean";
      default -> "(" + s.text() + " #>> '{}')";
    };
  }

  private static String number(Sql s) {
    if (s.type() == Type.JSON) {
      return as(s, Type.NUMBER);
    }
    if (s.type() != Type.NUMBER) {
      throw StaException.badRequest("Cần số / a number is needed");
    }
    return s.text();
  }

  private static String text(Sql s) {
    if (s.type() == Type.JSON) {
      return as(s, Type.TEXT);
    }
    if (s.type() != Type.TEXT) {
      throw StaException.badRequest("Cần chuỗi / a string is needed");
    }
    return s.text();
  }

  private static String time(Sql s) {
    if (s.type() != Type.TIME) {
      throw StaException.badRequest("Cần thời điểm / a time is needed");
    }
    return s.text();
  }

  private static String geo(Sql s) {
    if (s.type() == Type.JSON) {
      return "sta_polygon(" + s.text() + ")";
    }
    if (s.type() != Type.GEO) {
      throw StaException.badRequest("Cần hình học / a geometry is needed");
    }
    return s.text();
  }

  private Sql call(Expr.Call c, EntitySet set, String alias) {
    List<Sql> a = new ArrayList<>();
    for (Expr arg : c.args()) {
      a.add(compile(arg, set, alias));
    }
    String f = c.function();
    int arity =
        switch (f) {
          case "now", "mindatetime", "maxdatetime" -> 0;
          case "substring" -> a.size() == 3 ? 3 : 2;
          case "length",
                  "tolower",
                  "toupper",
                  "trim",
                  "year",
                  "month",
                  "day",
                  "hour",
                  "minute",
                  "second",
                  "fractionalseconds",
                  "round",
                  "floor",
                  "ceiling",
                  "geo.length" ->
              1;
          default -> 2;
        };
    if (a.size() != arity) {
      throw StaException.badRequest(
          f + " cần " + arity + " đối số / takes " + arity + " arguments");
    }
    return switch (f) {
      case "substringof" -> bool("strpos(" + text(a.get(1)) + ", " + text(a.get(0)) + ") > 0");
      case "contains" -> bool("strpos(" + text(a.get(0)) + ", " + text(a.get(1)) + ") > 0");
      case "startswith" -> bool("starts_with(" + text(a.get(0)) + ", " + text(a.get(1)) + ")");
      case "endswith" ->
          bool("right(" + text(a.get(0)) + ", length(" + text(a.get(1)) + ")) = " + text(a.get(1)));
      case "length" -> num("length(" + text(a.get(0)) + ")");
      case "indexof" -> num("(strpos(" + text(a.get(0)) + ", " + text(a.get(1)) + ") - 1)");
      case "substring" ->
          new Sql(
              "substr("
                  + text(a.get(0))
                  + ", ("
                  + number(a.get(1))
                  + ")::int + 1"
                  + (a.size() == 3 ? ", (" + number(a.get(2)) + ")::int" : "")
                  + ")",
              Type.TEXT);
      case "tolower" -> new Sql("lower(" + text(a.get(0)) + ")", Type.TEXT);
      case "toupper" -> new Sql("upper(" + text(a.get(0)) + ")", Type.TEXT);
      case "trim" -> new Sql("btrim(" + text(a.get(0)) + ")", Type.TEXT);
      case "concat" -> new Sql("(" + text(a.get(0)) + " || " + text(a.get(1)) + ")", Type.TEXT);
      case "year", "month", "day", "hour", "minute" ->
          num("extract(" + f + " FROM " + time(a.get(0)) + " AT TIME ZONE 'UTC')");
      case "second" -> num("floor(extract(second FROM " + time(a.get(0)) + "))");
      case "fractionalseconds" ->
          num(
              "(extract(second FROM "
                  + time(a.get(0))
                  + ") - floor(extract(second FROM "
                  + time(a.get(0))
                  + ")))");
      case "now" -> new Sql("now()", Type.TIME);
      case "mindatetime" -> new Sql("'-infinity'::timestamptz", Type.TIME);
      case "maxdatetime" -> new Sql("'infinity'::timestamptz", Type.TIME);
      case "round" -> num("round(" + number(a.get(0)) + ")");
      case "floor" -> num("floor(" + number(a.get(0)) + ")");
      case "ceiling" -> num("ceiling(" + number(a.get(0)) + ")");
      case "geo.distance", "st_distance" ->
          num("(" + geo(a.get(0)) + " <-> " + geo(a.get(1)) + ")");
      case "geo.intersects", "st_intersects" -> bool(geo(a.get(0)) + " && " + geo(a.get(1)));
      case "st_disjoint" -> bool("NOT (" + geo(a.get(0)) + " && " + geo(a.get(1)) + ")");
      case "st_within" -> bool(geo(a.get(1)) + " @> " + geo(a.get(0)));
      case "st_contains" -> bool(geo(a.get(0)) + " @> " + geo(a.get(1)));
      case "st_equals" -> bool(geo(a.get(0)) + " ~= " + geo(a.get(1)));
      default -> throw StaException.badRequest("Hàm không hỗ trợ / unsupported function: " + f);
    };
  }

  private static Sql bool(String text) {
    return new Sql("(" + text + ")", Type.BOOL);
  }

  private static Sql num(String text) {
    return new Sql(text, Type.NUMBER);
  }

  /** A property path from the row {@code alias} of {@code set}. */
  Sql path(List<String> segments, EntitySet set, String alias) {
    String first = segments.get(0);
    if (first.equals("id") && segments.size() == 1) {
      return new Sql(alias + ".id", Type.NUMBER);
    }
    var property = set.property(first);
    if (property.isPresent()) {
      var p = property.get();
      String column = alias + "." + p.column();
      return switch (p.kind()) {
        case JSON, RESULT -> {
          if (segments.size() == 1) {
            yield new Sql(column, Type.JSON);
          }
          for (String key : segments.subList(1, segments.size())) {
            column = "(" + column + " -> " + quote(key) + ")";
          }
          yield new Sql(column, Type.JSON);
        }
        case TIME, INTERVAL -> single(segments, new Sql(column, Type.TIME));
        case TEXT -> single(segments, new Sql(column, Type.TEXT));
      };
    }
    var navigation = set.navigation(first);
    if (navigation.isEmpty()) {
      throw StaException.badRequest(
          "Không có thuộc tính / no property " + first + " in " + set.singular);
    }
    if (navigation.get().many() || segments.size() == 1) {
      throw StaException.badRequest(
          "Chỉ lọc theo liên kết đơn / only to-one links in a filter: " + first);
    }
    String child = "n" + aliases++;
    EntitySet target = navigation.get().target();
    Sql inner = path(segments.subList(1, segments.size()), target, child);
    return new Sql(
        "(SELECT "
            + inner.text()
            + " FROM "
            + target.table
            + " "
            + child
            + " WHERE "
            + StaSql.join(navigation.get(), alias, child)
            + " LIMIT 1)",
        inner.type());
  }

  private static Sql single(List<String> segments, Sql s) {
    if (segments.size() > 1) {
      throw StaException.badRequest("Thuộc tính không có thành phần / no sub-property");
    }
    return s;
  }

  /** A JSON key as an SQL string literal; keys are identifiers, so refuse anything else. */
  private static String quote(String key) {
    if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw StaException.badRequest("Khóa không hợp lệ / bad key: " + key);
    }
    return "'" + key + "'";
  }

  /** A geometry as PostgreSQL's polygon text: a point is a polygon of one vertex. */
  static String polygon(Geometry g) {
    Coordinate[] ring =
        g instanceof Polygon p ? p.getExteriorRing().getCoordinates() : g.getCoordinates();
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < ring.length; i++) {
      if (i > 0) {
        s.append(',');
      }
      s.append('(').append(ring[i].x).append(',').append(ring[i].y).append(')');
    }
    return s.append(')').toString();
  }
}
