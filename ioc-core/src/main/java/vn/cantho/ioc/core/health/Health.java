package vn.cantho.ioc.core.health;

import java.util.Map;

/** The state of one component, with details worth showing an operator. */
public record Health(boolean up, Map<String, Object> details) {

  public static Health up(Map<String, Object> details) {
    return new Health(true, details);
  }

  public static Health down(String reason) {
    return new Health(false, Map.of("reason", reason));
  }
}
