package vn.cantho.ioc.lighting.control;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import vn.cantho.ioc.lighting.schedule.DimStep;
import vn.cantho.ioc.lighting.schedule.DimmingProfile;

/**
 * A dimming profile as the API writes it: {@code {"id","label","onOffsetMinutes",
 * "offOffsetMinutes","onPercent","steps":[{"at":"23:00","percent":70},{"fromSunrise":-60,
 * "percent":100}]}}; a step is at a local time or minutes from sunset or sunrise.
 */
public final class ProfileJson {
  private ProfileJson() {}

  public static JsonObject toJson(DimmingProfile p) {
    JsonArray steps = new JsonArray();
    for (DimStep s : p.steps()) {
      JsonObject step = new JsonObject();
      if (s.trigger() instanceof DimStep.ClockTime t) {
        step.put("at", t.time().toString());
      } else if (s.trigger() instanceof DimStep.AstroOffset o) {
        step.put(o.event() == DimStep.SunEvent.SUNSET ? "fromSunset" : "fromSunrise", o.minutes());
      }
      steps.add(step.put("percent", s.percent()));
    }
    return new JsonObject()
        .put("id", p.id())
        .put("label", p.label())
        .put("onOffsetMinutes", p.onOffsetMinutes())
        .put("offOffsetMinutes", p.offOffsetMinutes())
        .put("onPercent", p.onPercent())
        .put("steps", steps);
  }

  /**
   * @throws IllegalArgumentException with what is wrong, for the caller's 400
   */
  public static DimmingProfile fromJson(String id, JsonObject json) {
    try {
      List<DimStep> steps = new ArrayList<>();
      JsonArray array = json.getJsonArray("steps", new JsonArray());
      for (int i = 0; i < array.size(); i++) {
        JsonObject s = array.getJsonObject(i);
        int percent = s.getInteger("percent");
        if (s.containsKey("at")) {
          steps.add(DimStep.at(LocalTime.parse(s.getString("at")), percent));
        } else if (s.containsKey("fromSunset")) {
          steps.add(DimStep.fromSunset(s.getInteger("fromSunset"), percent));
        } else if (s.containsKey("fromSunrise")) {
          steps.add(DimStep.fromSunrise(s.getInteger("fromSunrise"), percent));
        } else {
          throw new IllegalArgumentException(
              "steps[" + i + "] needs at, fromSunset or fromSunrise");
        }
      }
      return new DimmingProfile(
          id,
          json.getString("label", id),
          json.getInteger("onOffsetMinutes", 10),
          json.getInteger("offOffsetMinutes", -10),
          json.getInteger("onPercent", 100),
          steps);
    } catch (ClassCastException | NullPointerException | DateTimeParseException e) {
      throw new IllegalArgumentException("not a dimming profile: " + e.getMessage(), e);
    }
  }
}
