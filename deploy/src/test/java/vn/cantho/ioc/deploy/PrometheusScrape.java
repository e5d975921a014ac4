package vn.cantho.ioc.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of one scrape of {@code /metrics} (Prometheus text format): each series name with the
 * label sets it was seen with. Enough to check what a dashboard asks for exists, not a full parser.
 */
final class PrometheusScrape {
  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+\\S+.*");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final Map<String, List<Map<String, String>>> series = new HashMap<>();

  PrometheusScrape(String text) {
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("not a sample: " + line);
      }
      Map<String, String> labels = new HashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      series.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(labels);
    }
  }

  boolean has(String name) {
    return series.containsKey(name);
  }

  /** Whether a series of that name carries the label (with that value, when not null). */
  boolean hasLabel(String name, String label, String value) {
    return series.getOrDefault(name, List.of()).stream()
        .anyMatch(l -> l.containsKey(label) && (value == null || value.equals(l.get(label))));
  }
}
