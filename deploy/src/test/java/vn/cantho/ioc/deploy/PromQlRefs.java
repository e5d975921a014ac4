package vn.cantho.ioc.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a dashboard's PromQL expression reads: the series names, the label matchers on them and the
 * labels it groups by. Grafana's interval variables are read as a duration; other variables may
 * stand only inside a matcher's value. A reader for the dashboards' own expressions, not PromQL's
 * whole grammar: an expression it cannot read fails the test rather than passing unread.
 */
record PromQlRefs(Set<String> metrics, List<LabelMatcher> matchers, Set<String> groupedBy) {

  /** {@code label op "value"} on a series. */
  record LabelMatcher(String metric, String label, String op, String value) {}

  private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
  private static final Pattern SELECTOR =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
  private static final Pattern MATCHER =
      Pattern.compile(
          "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!=|!~|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "bool",
          "and",
          "or",
          "unless");

  static PromQlRefs of(String expr) {
    String e = expr.replaceAll("\\$__(rate_interval|interval|range)", "5m");
    Set<String> grouped = new LinkedHashSet<>();
    Matcher g = GROUPING.matcher(e);
    while (g.find()) {
      for (String label : g.group(1).split(",")) {
        if (!label.isBlank()) {
          grouped.add(label.trim());
        }
      }
    }
    e = GROUPING.matcher(e).replaceAll(" ");
    Set<String> metrics = new LinkedHashSet<>();
    List<LabelMatcher> matchers = new ArrayList<>();
    Matcher s = SELECTOR.matcher(e);
    while (s.find()) {
      metrics.add(s.group(1));
      for (String part : s.group(2).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
        Matcher m = MATCHER.matcher(part);
        if (!m.matches()) {
          throw new IllegalArgumentException("unread matcher '" + part + "' in " + expr);
        }
        matchers.add(new LabelMatcher(s.group(1), m.group(1), m.group(2), m.group(3)));
      }
    }
    String rest = SELECTOR.matcher(e).replaceAll(" ").replaceAll("\\[[^\\]]*]", " ");
    if (rest.contains("$") || rest.contains("\"")) {
      throw new IllegalArgumentException("a variable or string outside a matcher: " + expr);
    }
    Matcher id = IDENTIFIER.matcher(rest);
    while (id.find()) {
      String word = id.group();
      boolean function = rest.substring(id.end()).stripLeading().startsWith("(");
      if (!function && !KEYWORDS.contains(word)) {
        metrics.add(word);
      }
    }
    return new PromQlRefs(metrics, matchers, grouped);
  }
}
