package vn.cantho.ioc.opendata.sta;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The eight entity sets of SensorThings 1.0 (OGC 15-078r6 §8.2): their names, where they are
 * stored, their properties and their navigation to one another. Everything that reads, filters,
 * writes or prints an entity asks here, so the model is in one place.
 */
public enum EntitySet {
  THINGS("Things", "Thing", "sta_things"),
  LOCATIONS("Locations", "Location", "sta_locations"),
  HISTORICAL_LOCATIONS("HistoricalLocations", "HistoricalLocation", "sta_historical_locations"),
  DATASTREAMS("Datastreams", "Datastream", "sta_datastreams"),
  SENSORS("Sensors", "Sensor", "sta_sensors"),
  OBSERVED_PROPERTIES("ObservedProperties", "ObservedProperty", "sta_observed_properties"),
  OBSERVATIONS("Observations", "Observation", "sta_observation_rows"),
  FEATURES_OF_INTEREST("FeaturesOfInterest", "FeatureOfInterest", "sta_features");

  /** How a property is stored and printed. */
  public enum Kind {
    TEXT,
    JSON,
    TIME,
    /** A time instant or interval: start column, and the end column when it is an interval. */
    INTERVAL,
    /** An Observation's result: any JSON value. */
    RESULT
  }

  /**
   * One property.
   *
   * @param required must be given on create (§10.2)
   */
  public record Property(
      String name, String column, Kind kind, String endColumn, boolean required) {
    static Property text(String name, String column) {
      return new Property(name, column, Kind.TEXT, null, true);
    }
  }

  /**
   * A navigation property: from a row of the parent (alias {@code p}) to rows of the target (alias
   * {@code c}), as an SQL condition.
   *
   * @param foreignKey the parent's column naming the one target (to-one links set on create)
   */
  public record Navigation(
      String name, EntitySet target, boolean many, String condition, String foreignKey) {}

  public final String plural;
  public final String singular;
  public final String table;
  private final Map<String, Property> properties = new LinkedHashMap<>();
  private final Map<String, Navigation> navigations = new LinkedHashMap<>();

  EntitySet(String plural, String singular, String table) {
    this.plural = plural;
    this.singular = singular;
    this.table = table;
  }

  static {
    THINGS.props(
        Property.text("name", "name"),
        Property.text("description", "description"),
        new Property("properties", "properties", Kind.JSON, null, false));
    LOCATIONS.props(
        Property.text("name", "name"),
        Property.text("description", "description"),
        Property.text("encodingType", "encoding_type"),
        new Property("location", "location", Kind.JSON, null, true),
        new Property("properties", "properties", Kind.JSON, null, false));
    HISTORICAL_LOCATIONS.props(new Property("time", "time", Kind.TIME, null, true));
    DATASTREAMS.props(
        Property.text("name", "name"),
        Property.text("description", "description"),
        new Property("unitOfMeasurement", "unit", Kind.JSON, null, true),
        Property.text("observationType", "observation_type"),
        new Property("properties", "properties", Kind.JSON, null, false));
    SENSORS.props(
        Property.text("name", "name"),
        Property.text("description", "description"),
        Property.text("encodingType", "encoding_type"),
        Property.text("metadata", "metadata"),
        new Property("properties", "properties", Kind.JSON, null, false));
    OBSERVED_PROPERTIES.props(
        Property.text("name", "name"),
        Property.text("definition", "definition"),
        Property.text("description", "description"),
        new Property("properties", "properties", Kind.JSON, null, false));
    OBSERVATIONS.props(
        new Property("phenomenonTime", "phenomenon_start", Kind.INTERVAL, "phenomenon_end", false),
        new Property("result", "result", Kind.RESULT, null, true),
        new Property("resultTime", "result_time", Kind.TIME, null, false),
        new Property("resultQuality", "result_quality", Kind.JSON, null, false),
        new Property("validTime", "valid_start", Kind.INTERVAL, "valid_end", false),
        new Property("parameters", "parameters", Kind.JSON, null, false));
    FEATURES_OF_INTEREST.props(
        Property.text("name", "name"),
        Property.text("description", "description"),
        Property.text("encodingType", "encoding_type"),
        new Property("feature", "feature", Kind.JSON, null, true),
        new Property("properties", "properties", Kind.JSON, null, false));

    String thingLocation = "sta_thing_locations tl";
    THINGS.nav(
        "Datastreams",
        DATASTREAMS,
        true,
        "c.thing_id = p.id",
        null,
        "HistoricalLocations",
        HISTORICAL_LOCATIONS,
        true,
        "c.thing_id = p.id",
        null,
        "Locations",
        LOCATIONS,
        true,
        exists(thingLocation, "tl.thing_id = p.id AND tl.location_id = c.id"),
        null);
    LOCATIONS.nav(
        "Things",
        THINGS,
        true,
        exists(thingLocation, "tl.thing_id = c.id AND tl.location_id = p.id"),
        null,
        "HistoricalLocations",
        HISTORICAL_LOCATIONS,
        true,
        exists(
            "sta_historical_location_locations hll",
            "hll.historical_location_id = c.id AND hll.location_id = p.id"),
        null);
    HISTORICAL_LOCATIONS.nav(
        "Thing",
        THINGS,
        false,
        "c.id = p.thing_id",
        "thing_id",
        "Locations",
        LOCATIONS,
        true,
        exists(
            "sta_historical_location_locations hll",
            "hll.historical_location_id = p.id AND hll.location_id = c.id"),
        null);
    DATASTREAMS.nav(
        "Thing",
        THINGS,
        false,
        "c.id = p.thing_id",
        "thing_id",
        "Sensor",
        SENSORS,
        false,
        "c.id = p.sensor_id",
        "sensor_id",
        "ObservedProperty",
        OBSERVED_PROPERTIES,
        false,
        "c.id = p.observed_property_id",
        "observed_property_id",
        "Observations",
        OBSERVATIONS,
        true,
        "c.datastream_id = p.id",
        null);
    SENSORS.nav("Datastreams", DATASTREAMS, true, "c.sensor_id = p.id", null);
    OBSERVED_PROPERTIES.nav(
        "Datastreams", DATASTREAMS, true, "c.observed_property_id = p.id", null);
    OBSERVATIONS.nav(
        "Datastream",
        DATASTREAMS,
        false,
        "c.id = p.datastream_id",
        "datastream_id",
        "FeatureOfInterest",
        FEATURES_OF_INTEREST,
        false,
        "c.id = p.feature_id",
        "feature_id");
    FEATURES_OF_INTEREST.nav("Observations", OBSERVATIONS, true, "c.feature_id = p.id", null);
  }

  private static String exists(String from, String where) {
    return "EXISTS (SELECT 1 FROM " + from + " WHERE " + where + ")";
  }

  private void props(Property... all) {
    for (Property p : all) {
      properties.put(p.name(), p);
    }
  }

  private void nav(Object... spec) {
    for (int i = 0; i < spec.length; i += 5) {
      String name = (String) spec[i];
      navigations.put(
          name,
          new Navigation(
              name,
              (EntitySet) spec[i + 1],
              (Boolean) spec[i + 2],
              (String) spec[i + 3],
              (String) spec[i + 4]));
    }
  }

  public List<Property> properties() {
    return List.copyOf(properties.values());
  }

  public Optional<Property> property(String name) {
    return Optional.ofNullable(properties.get(name));
  }

  public List<Navigation> navigations() {
    return List.copyOf(navigations.values());
  }

  public Optional<Navigation> navigation(String name) {
    return Optional.ofNullable(navigations.get(name));
  }

  /** The entity set of a path segment: its plural name. */
  public static Optional<EntitySet> byPlural(String name) {
    for (EntitySet s : values()) {
      if (s.plural.equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
