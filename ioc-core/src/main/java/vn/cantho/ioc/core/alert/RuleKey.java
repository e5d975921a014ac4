package vn.cantho.ioc.core.alert;

/**
 * Which rule an alert belongs to: the feature that raised it and the rule's key within that feature
 * (water's is its rule row's id). With the subject device it is what "one open alert per rule and
 * subject" means (a partial unique index).
 */
public record RuleKey(String feature, String key) {
  public RuleKey {
    if (feature == null || !feature.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("feature '" + feature + "' is not [a-z][a-z0-9_]*");
    }
    if (key == null || key.isBlank() || key.length() > 128) {
      throw new IllegalArgumentException("a rule key is 1 to 128 characters");
    }
  }
}
