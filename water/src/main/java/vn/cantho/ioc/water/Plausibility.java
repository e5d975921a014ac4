package vn.cantho.ioc.water;

/**
 * Values a healthy probe in the Mekong delta cannot report: pH outside 4–10, DO above 20 mg/L,
 * water below 15 °C (docs/domain.md §1.6, "Plausibility before alerting"). They point at a probe
 * fault, not at the pond, so they never raise a farmer's alert. Wider than the catalog's physical
 * ranges, which decide what is stored at all.
 */
public final class Plausibility {
  private Plausibility() {}

  public static boolean plausible(String metric, double value) {
    return switch (metric) {
      case "ph" -> value >= 4 && value <= 10;
      case "do" -> value <= 20;
      case "temp" -> value >= 15;
      default -> true;
    };
  }
}
