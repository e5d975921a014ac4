package vn.cantho.ioc.sim;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a device of one domain measures at a given instant. Implementations are pure: the same
 * device and instant always give the same values, noise included.
 */
public interface ReadingModel {

  /** The metric names this model produces, in the order they appear in a payload. */
  List<String> metrics();

  /** Metric name → value, in the order of {@link #metrics()}. */
  Map<String, Double> sample(SimDevice device, Instant at);
}
