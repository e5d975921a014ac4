package vn.cantho.ioc.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dashboard's SQL as Grafana's PostgreSQL data source would send it, its macros and variables
 * replaced by simple equivalents (docs/grafana.md):
 *
 * <ul>
 *   <li>{@code $__timeFilter(col)} → {@code col BETWEEN 'from' AND 'to'};
 *   <li>{@code $__timeGroupAlias(col, interval)} → {@code floor(extract(epoch from col)/s)*s AS
 *       "time"}, {@code $__timeGroup} the same without the alias ({@code $__interval} is {@link
 *       #INTERVAL});
 *   <li>{@code $__timeFrom()} and {@code $__timeTo()} → the range's ends as timestamptz literals;
 *   <li>{@code $name} and {@code ${name}} → the variable's value, as Grafana puts a single value.
 * </ul>
 *
 * Anything else starting with {@code $} is refused, so a dashboard cannot use a macro the test does
 * not know.
 */
final class GrafanaSql {
  static final Duration INTERVAL = Duration.ofMinutes(5);

  private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^)]+)\\)");
  private static final Pattern TIME_GROUP =
      Pattern.compile("\\$__timeGroup(Alias)?\\(\\s*([^,)]+?)\\s*,\\s*([^)]+?)\\s*\\)");
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

  private GrafanaSql() {}

  static String expand(String sql, Instant from, Instant to, Map<String, String> variables) {
    String out =
        replace(TIME_FILTER, sql, m -> m.group(1) + " BETWEEN " + ts(from) + " AND " + ts(to));
    out =
        replace(
            TIME_GROUP,
            out,
            m -> {
              long seconds = seconds(m.group(3));
              String group =
                  "floor(extract(epoch from " + m.group(2) + ")/" + seconds + ")*" + seconds;
              return m.group(1) == null ? group : group + " AS \"time\"";
            });
    out = out.replace("$__timeFrom()", ts(from)).replace("$__timeTo()", ts(to));
    out =
        replace(
            VARIABLE,
            out,
            m -> {
              String name = m.group(1) != null ? m.group(1) : m.group(2);
              String value = variables.get(name);
              if (value == null) {
                throw new IllegalArgumentException(
                    "unknown macro or variable $" + name + ": " + sql);
              }
              return value;
            });
    return out;
  }

  private static long seconds(String interval) {
    String i = interval.replace("'", "").trim();
    if (i.equals("$__interval")) {
      return INTERVAL.toSeconds();
    }
    Matcher m = Pattern.compile("(\\d+)([smhd])").matcher(i);
    if (!m.matches()) {
      throw new IllegalArgumentException("not an interval: " + interval);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> n;
      case "m" -> n * 60;
      case "h" -> n * 3600;
      default -> n * 86_400;
    };
  }

  private static String ts(Instant t) {
    return "'" + t + "'::timestamptz";
  }

  private static String replace(
      Pattern p, String text, java.util.function.Function<Matcher, String> with) {
    Matcher m = p.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
    }
    m.appendTail(out);
    return out.toString();
  }
}
