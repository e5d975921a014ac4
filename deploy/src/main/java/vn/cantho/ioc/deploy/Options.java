package vn.cantho.ioc.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options: {@code --name value} pairs, {@code --flag} switches and positional
 * arguments. Unknown options are an error, so a typo never silently runs with defaults.
 */
final class Options {
  private final Map<String, String> values = new HashMap<>();
  private final List<String> positional = new ArrayList<>();

  private Options() {}

  static Options parse(List<String> args, Set<String> flags, Set<String> valued) {
    Options options = new Options();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        options.positional.add(arg);
        continue;
      }
      String name = arg.substring(2);
      int eq = name.indexOf('=');
      if (eq >= 0) {
        requireKnown(name.substring(0, eq), valued);
        options.values.put(name.substring(0, eq), name.substring(eq + 1));
      } else if (flags.contains(name)) {
        options.values.put(name, "true");
      } else {
        requireKnown(name, valued);
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException("--" + name + " needs a value");
        }
        options.values.put(name, args.get(++i));
      }
    }
    return options;
  }

  private static void requireKnown(String name, Set<String> valued) {
    if (!valued.contains(name)) {
      throw new IllegalArgumentException("unknown option --" + name);
    }
  }

  boolean flag(String name) {
    return values.containsKey(name);
  }

  /** The option, else the environment variable, else the fallback. */
  String get(String name, String env, String fallback) {
    String value = values.get(name);
    if (value == null && env != null) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? fallback : value;
  }

  int getInt(String name, int fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number", e);
    }
  }

  List<String> positional() {
    return positional;
  }
}
