package vn.cantho.ioc.lighting.schedule;

import java.util.Objects;

/**
 * A TALQ CalendarRule: on these dates, this profile.
 *
 * @param label why the rule exists, in Vietnamese ("Tết Nguyên đán 2027")
 */
public record CalendarRule(String label, DateMatch dates, DimmingProfile profile) {
  public CalendarRule {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(dates, "dates");
    Objects.requireNonNull(profile, "profile");
  }
}
