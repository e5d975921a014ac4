package vn.cantho.ioc.core.reading;

import java.util.List;

/**
 * Readings just committed to the database, published on the event bus at {@link #ADDRESS} for
 * everything that reacts to new data (latest state, live map, later the rule engine).
 */
public record CommittedReadings(List<Reading> readings) {
  public static final String ADDRESS = "ioc.readings.committed";
}
