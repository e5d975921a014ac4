package vn.cantho.ioc.core.feature;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A feature's settings: {@code IOC_<ID>_<KEY>} in the environment (e.g. {@code
 * IOC_WATER_WQI_CHECK_MINUTES}), so each feature's knobs have their own prefix and no central
 * settings class grows with them.
 */
public final class FeatureConfig {
  private final String prefix;
  private final Map<String, String> environment;

  public FeatureConfig(String featureId, Map<String, String> environment) {
    this.prefix = "IOC_" + featureId.toUpperCase(Locale.ROOT) + "_";
    this.environment = Map.copyOf(environment);
  }

  /** The setting {@code key} (upper case, e.g. {@code WQI_CHECK_MINUTES}), if set. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(environment.get(prefix + key)).filter(v -> !v.isBlank());
  }

  /** A whole number setting, or the fallback when unset; a malformed one stops the start. */
  public long number(String key, long fallback) {
    return get(key)
        .map(
            v -> {
              try {
                return Long.parseLong(v.strip());
              } catch (NumberFormatException e) {
                throw new IllegalArgumentException(prefix + key + " is not a whole number: " + v);
              }
            })
        .orElse(fallback);
  }
}
