package vn.cantho.ioc.core.reading;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Groups free-text rejection reasons into a few stable categories for metrics: a metric tag must
 * have a bounded set of values, while reasons name metrics, values and units.
 */
public final class RejectReasons {
  private static final Map<String, String> BY_PREFIX = new LinkedHashMap<>();

  static {
    BY_PREFIX.put("unknown device", "unknown_device");
    BY_PREFIX.put("unknown metric", "unknown_metric");
    BY_PREFIX.put("value is not a finite", "not_finite");
    BY_PREFIX.put("timestamp more than", "future_timestamp");
    BY_PREFIX.put("timestamp older", "too_old");
    BY_PREFIX.put("malformed", "malformed");
    BY_PREFIX.put("payload of", "too_large");
    BY_PREFIX.put("payload must", "malformed");
    BY_PREFIX.put("values must", "malformed");
    BY_PREFIX.put("ts must", "malformed");
    BY_PREFIX.put("body must", "malformed");
    BY_PREFIX.put("topic", "bad_topic");
    BY_PREFIX.put("value of '", "not_a_number");
    BY_PREFIX.put("unit '", "wrong_unit");
    BY_PREFIX.put("SenML", "bad_senml");
    BY_PREFIX.put("deviceId", "bad_device_id");
    BY_PREFIX.put("database refused", "database_refused");
    BY_PREFIX.put("OPC UA status", "opcua_status");
  }

  private RejectReasons() {}

  public static String category(String reason) {
    if (reason.startsWith("value ") && reason.contains("out of physical range")) {
      return "out_of_range";
    }
    for (Map.Entry<String, String> e : BY_PREFIX.entrySet()) {
      if (reason.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return "other";
  }
}
