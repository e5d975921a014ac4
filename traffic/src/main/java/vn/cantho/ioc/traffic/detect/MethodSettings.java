package vn.cantho.ioc.traffic.detect;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import vn.cantho.ioc.traffic.network.Corridor;
import vn.cantho.ioc.traffic.network.RoadNetwork;

/**
 * What one corridor runs: its detection methods and their parameters, from its corridor file's
 * {@code methods} and {@code parameters} (e.g. {@code "parameters": {"bpd": {"min_speed_gap_kmh":
 * 20}, "california8": {"occdf_min": 10}}}), the node's default methods and the published defaults
 * for whatever a file leaves out. A city tunes a corridor (a bridge, a market street) without
 * touching the others.
 */
public record MethodSettings(
    Set<DetectionMethod> methods,
    California8.Parameters california,
    BaselinePairDiscontinuity.Parameters bpd) {

  /** Thrown for a network whose settings cannot run; the message names every problem. */
  public static final class InvalidSettings extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidSettings(List<String> problems) {
      super(String.join("; ", problems));
    }
  }

  public MethodSettings {
    methods = Set.copyOf(methods);
  }

  /** The given methods with the published parameters. */
  public static MethodSettings defaults(Set<DetectionMethod> methods) {
    return new MethodSettings(
        methods, California8.Parameters.DEFAULTS, BaselinePairDiscontinuity.Parameters.DEFAULTS);
  }

  /**
   * Each corridor's settings.
   *
   * @param defaultMethods the methods of a corridor whose file names none
   * @throws InvalidSettings naming every unknown method or parameter and every value out of range
   */
  public static Map<String, MethodSettings> of(
      RoadNetwork network, Set<DetectionMethod> defaultMethods) {
    List<String> problems = new ArrayList<>();
    Map<String, MethodSettings> out = new HashMap<>();
    for (Corridor c : network.corridors()) {
      Set<DetectionMethod> methods = EnumSet.noneOf(DetectionMethod.class);
      for (String code : c.methods()) {
        try {
          methods.add(DetectionMethod.fromCode(code));
        } catch (IllegalArgumentException e) {
          problems.add("corridor " + c.id() + ": " + e.getMessage());
        }
      }
      if (c.methods().isEmpty()) {
        methods.addAll(defaultMethods);
      }
      Map<String, Map<String, Double>> given = new HashMap<>(c.parameters());
      California8.Parameters california =
          parameters(c, given.remove("california8"), California8.Parameters::of, problems);
      BaselinePairDiscontinuity.Parameters bpd =
          parameters(c, given.remove("bpd"), BaselinePairDiscontinuity.Parameters::of, problems);
      given.keySet().forEach(m -> problems.add("corridor " + c.id() + ": no method '" + m + "'"));
      out.put(c.id(), new MethodSettings(methods, california, bpd));
    }
    if (!problems.isEmpty()) {
      throw new InvalidSettings(problems);
    }
    return out;
  }

  /** Parses one method's parameters; {@code of} throws with a message for anything refused. */
  private static <P> P parameters(
      Corridor c,
      Map<String, Double> given,
      BiFunction<Map<String, Double>, List<String>, P> of,
      List<String> problems) {
    List<String> mine = new ArrayList<>();
    P p = of.apply(given == null ? Map.of() : given, mine);
    mine.forEach(problem -> problems.add("corridor " + c.id() + ": " + problem));
    return p;
  }

  /**
   * Removes {@code name} from {@code given} and returns it, or {@code fallback} when absent or
   * outside [min, max] (then noted in {@code problems}).
   */
  static double take(
      Map<String, Double> given,
      String method,
      String name,
      double fallback,
      double min,
      double max,
      List<String> problems) {
    Double value = given.remove(name);
    if (value == null) {
      return fallback;
    }
    if (!(value >= min && value <= max)) {
      problems.add(
          method + " " + name + " must be between " + min + " and " + max + ", not " + value);
      return fallback;
    }
    return value;
  }
}
