package vn.cantho.ioc.opendata.sta;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query options of a request or of one {@code $expand} item (§9.3): what to select, expand,
 * filter, order, skip and count.
 *
 * @param top at most this many entities in this answer ({@link #DEFAULT_TOP} when not asked)
 * @param select property and navigation names to print, empty for all
 */
public record QueryOptions(
    int top,
    int skip,
    boolean count,
    Expr filter,
    List<Order> orderBy,
    List<String> select,
    List<Expand> expand) {
  public static final int DEFAULT_TOP = 100;
  public static final int MAX_TOP = 10_000;

  /** One {@code $orderby} item. */
  public record Order(Expr expr, boolean descending) {}

  /** One {@code $expand} item: a navigation (or a path of them) with its own options. */
  public record Expand(List<String> path, QueryOptions options) {}

  public QueryOptions {
    orderBy = List.copyOf(orderBy);
    select = List.copyOf(select);
    expand = List.copyOf(expand);
  }

  public static QueryOptions none() {
    return new QueryOptions(DEFAULT_TOP, 0, false, null, List.of(), List.of(), List.of());
  }

  /** The options of a request, from its decoded query parameters ({@code $top} → "10"). */
  public static QueryOptions of(Map<String, String> params) {
    int top = DEFAULT_TOP;
    int skip = 0;
    boolean count = false;
    Expr filter = null;
    List<Order> orderBy = List.of();
    List<String> select = List.of();
    List<Expand> expand = List.of();
    for (Map.Entry<String, String> e : params.entrySet()) {
      String v = e.getValue().strip();
      switch (e.getKey()) {
        case "$top" -> top = whole("$top", v, MAX_TOP);
        case "$skip" -> skip = whole("$skip", v, Integer.MAX_VALUE);
        case "$count" -> count = bool(v);
        case "$filter" -> filter = ExprParser.filter(v);
        case "$orderby" -> orderBy = orders(v);
        case "$select" -> select = split(v, ',').stream().map(String::strip).toList();
        case "$expand" -> expand = expands(v);
        case "$resultFormat" -> {
          if (!v.equals("default")) {
            throw StaException.badRequest("Chỉ hỗ trợ $resultFormat=default / only default");
          }
        }
        default -> {
          if (e.getKey().startsWith("$")) {
            throw StaException.badRequest(
                "Tùy chọn không hỗ trợ / unsupported option: " + e.getKey());
          }
        }
      }
    }
    return new QueryOptions(top, skip, count, filter, orderBy, select, expand);
  }

  /** The same options for the next page: skip what this one showed. */
  public QueryOptions nextPage() {
    return new QueryOptions(top, skip + top, count, filter, orderBy, select, expand);
  }

  private static int whole(String name, String v, int max) {
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      if (n > max) {
        throw StaException.badRequest(name + " tối đa / at most " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw StaException.badRequest(name + " phải là số nguyên không âm / whole number: " + v);
    }
  }

  private static boolean bool(String v) {
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw StaException.badRequest("$count là true hoặc false / true or false: " + v);
    };
  }

  private static List<Order> orders(String v) {
    List<Order> out = new ArrayList<>();
    for (String item : split(v, ',')) {
      String s = item.strip();
      boolean desc = false;
      if (s.endsWith(" desc")) {
        desc = true;
        s = s.substring(0, s.length() - 5);
      } else if (s.endsWith(" asc")) {
        s = s.substring(0, s.length() - 4);
      }
      out.add(new Order(ExprParser.operand(s.strip()), desc));
    }
    return out;
  }

  private static List<Expand> expands(String v) {
    List<Expand> out = new ArrayList<>();
    for (String item : split(v, ',')) {
      String s = item.strip();
      QueryOptions nested = none();
      int open = s.indexOf('(');
      if (open >= 0) {
        if (!s.endsWith(")")) {
          throw StaException.badRequest("$expand thiếu ')' / missing ')': " + s);
        }
        Map<String, String> inner = new LinkedHashMap<>();
        for (String option : split(s.substring(open + 1, s.length() - 1), ';')) {
          int eq = option.indexOf('=');
          if (eq <= 0) {
            throw StaException.badRequest("Tùy chọn lồng hỏng / bad nested option: " + option);
          }
          inner.put(option.substring(0, eq).strip(), option.substring(eq + 1));
        }
        nested = of(inner);
        s = s.substring(0, open);
      }
      out.add(new Expand(List.of(s.strip().split("/")), nested));
    }
    return out;
  }

  /** Splits at separators outside parentheses and quotes. */
  static List<String> split(String v, char separator) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int from = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')') {
        depth--;
      } else if (!quoted && depth == 0 && c == separator) {
        parts.add(v.substring(from, i));
        from = i + 1;
      }
    }
    parts.add(v.substring(from));
    return parts.stream().filter(p -> !p.isBlank()).toList();
  }
}
