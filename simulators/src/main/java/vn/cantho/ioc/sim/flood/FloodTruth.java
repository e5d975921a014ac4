package vn.cantho.ioc.sim.flood;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The ground truth a flood warning is judged against, from the noise-free level sampled every
 * minute over [from, to): the tidal high waters and the episodes above each alarm level. Written
 * independently of the platform's detector, and kept simple so that it is plainly right.
 */
public final class FloodTruth {
  /** Rises and falls smaller than this are wiggles (wind, rain), not a new tide. */
  public static final double HIGH_WATER_MIN_SWING_CM = 5;

  private static final long STEP_S = 60;
  private static final ObjectMapper JSON = new ObjectMapper();

  private FloodTruth() {}

  public static List<HighWater> highWaters(
      TideGauge gauge, TideModel model, Instant from, Instant to) {
    return highWaters(gauge, model::levelCm, from, to);
  }

  /**
   * The high waters of any level series: the maximum of each rise that is followed by a fall of at
   * least {@link #HIGH_WATER_MIN_SWING_CM}. A maximum at the edge of the window, or one the window
   * ends before the water has fallen from, is not a complete cycle and is left out.
   */
  public static List<HighWater> highWaters(
      TideGauge gauge, ToDoubleFunction<Instant> truth, Instant from, Instant to) {
    List<HighWater> result = new ArrayList<>();
    // Start as if falling: the first high water counts only once the water has risen to it.
    boolean rising = false;
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    Instant highAt = null;
    for (Instant t = from; t.isBefore(to); t = t.plusSeconds(STEP_S)) {
      double v = truth.applyAsDouble(t);
      if (rising) {
        if (v > high) {
          high = v;
          highAt = t;
        } else if (v <= high - HIGH_WATER_MIN_SWING_CM) {
          result.add(new HighWater(gauge.id(), highAt, high));
          rising = false;
          low = v;
        }
      } else {
        low = Math.min(low, v);
        if (v >= low + HIGH_WATER_MIN_SWING_CM) {
          rising = true;
          high = v;
          highAt = t;
        }
      }
    }
    return result;
  }

  public static List<Crossing> crossings(
      TideGauge gauge, TideModel model, Instant from, Instant to, double hysteresisCm) {
    return crossings(gauge, model::levelCm, from, to, hysteresisCm);
  }

  /**
   * The episodes above each alarm level, in time order. For level k, an episode starts at the first
   * minute at or above BĐ k once the water has been below BĐ k − {@code hysteresisCm} (as it is
   * taken to be before {@code from}); it lasts until the water falls below that again, or the
   * window ends. A dip that stays above BĐ k − hysteresis is part of the same episode.
   */
  public static List<Crossing> crossings(
      TideGauge gauge,
      ToDoubleFunction<Instant> truth,
      Instant from,
      Instant to,
      double hysteresisCm) {
    if (!(hysteresisCm >= 0)) {
      throw new IllegalArgumentException("hysteresis must be ≥ 0 cm");
    }
    List<Crossing> result = new ArrayList<>();
    Episode[] open = new Episode[3];
    for (Instant t = from; t.isBefore(to); t = t.plusSeconds(STEP_S)) {
      double v = truth.applyAsDouble(t);
      for (int k = 1; k <= 3; k++) {
        double alarm = gauge.alarmLevelCm(k);
        Episode e = open[k - 1];
        if (e == null) {
          if (v >= alarm) {
            open[k - 1] = new Episode(k, t, v);
          }
        } else if (v < alarm - hysteresisCm) {
          result.add(e.toCrossing(gauge.id()));
          open[k - 1] = null;
        } else if (v > e.peakCm) {
          e.peakCm = v;
          e.peakAt = t;
        }
      }
    }
    for (Episode e : open) {
      if (e != null) {
        result.add(e.toCrossing(gauge.id()));
      }
    }
    result.sort(Comparator.comparing(Crossing::at).thenComparingInt(Crossing::level));
    return result;
  }

  /**
   * Writes a truth log: one JSON object per line, high waters ({@code "kind":"high_water"}) and
   * crossings ({@code "kind":"crossing"}) together in time order, levels to 0.01 cm.
   */
  public static void writeJsonLines(Path file, List<HighWater> highWaters, List<Crossing> crossings)
      throws IOException {
    List<ObjectNode> lines = new ArrayList<>();
    List<Instant> times = new ArrayList<>();
    for (HighWater h : highWaters) {
      lines.add(
          JSON.createObjectNode()
              .put("kind", "high_water")
              .put("gaugeId", h.gaugeId())
              .put("at", h.at().toString())
              .put("levelCm", round2(h.levelCm())));
      times.add(h.at());
    }
    for (Crossing c : crossings) {
      lines.add(
          JSON.createObjectNode()
              .put("kind", "crossing")
              .put("gaugeId", c.gaugeId())
              .put("level", c.level())
              .put("at", c.at().toString())
              .put("peakCm", round2(c.peakCm()))
              .put("peakAt", c.peakAt().toString()));
      times.add(c.at());
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing(times::get)); // stable: high waters before crossings at a tie
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i : order) {
        out.write(JSON.writeValueAsString(lines.get(i)));
        out.write('\n');
      }
    }
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** An episode still open: where it started and the highest level so far. */
  private static final class Episode {
    private final int level;
    private final Instant at;
    private double peakCm;
    private Instant peakAt;

    Episode(int level, Instant at, double levelCm) {
      this.level = level;
      this.at = at;
      this.peakCm = levelCm;
      this.peakAt = at;
    }

    Crossing toCrossing(String gaugeId) {
      return new Crossing(gaugeId, level, at, peakCm, peakAt);
    }
  }
}
