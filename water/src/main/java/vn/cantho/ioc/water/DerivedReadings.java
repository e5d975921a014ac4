package vn.cantho.ioc.water;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import vn.cantho.ioc.core.reading.Reading;

/**
 * Readings computed on ingest from others of the same sample (one device, one instant): {@code
 * nh3}, the un-ionised ammonia (mg NH3-N/L), from {@code tan}, {@code ph} and {@code temp}, with
 * {@code salinity} when present (brackish ponds). Only concurrent values are used: NH3 swings
 * eightfold between dawn and afternoon pH (docs/domain.md §1.4), so an old pH would mislead.
 */
public final class DerivedReadings {
  public static final String NH3 = "nh3";

  private DerivedReadings() {}

  /** The derived readings of these (validated) readings; empty for most batches. */
  public static List<Reading> of(List<Reading> readings) {
    boolean anyTan = false;
    for (Reading r : readings) {
      if (r.metric().equals("tan")) {
        anyTan = true;
        break;
      }
    }
    if (!anyTan) {
      return List.of(); // the common case costs one scan
    }
    Map<Sample, Map<String, Reading>> samples = new HashMap<>();
    for (Reading r : readings) {
      samples
          .computeIfAbsent(new Sample(r.deviceId(), r.ts()), k -> new HashMap<>())
          .put(r.metric(), r);
    }
    List<Reading> derived = new ArrayList<>();
    for (Map<String, Reading> sample : samples.values()) {
      Reading tan = sample.get("tan");
      Reading ph = sample.get("ph");
      Reading temp = sample.get("temp");
      if (tan == null || ph == null || temp == null || sample.containsKey(NH3)) {
        continue;
      }
      Reading salinity = sample.get("salinity");
      double nh3 =
          Ammonia.nh3N(
              tan.value(), ph.value(), temp.value(), salinity == null ? null : salinity.value());
      derived.add(new Reading(tan.deviceId(), NH3, tan.ts(), nh3, tan.quality(), tan.source()));
    }
    return derived;
  }

  private record Sample(String deviceId, java.time.Instant ts) {
    Sample {
      Objects.requireNonNull(deviceId);
    }
  }
}
