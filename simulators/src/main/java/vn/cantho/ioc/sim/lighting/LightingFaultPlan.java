package vn.cantho.ioc.sim.lighting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Which simulated lamps are faulty, with what and when: the ground truth a fault-detection test or
 * benchmark scores the lighting feature against.
 *
 * <p>{@link #generate} picks a share of the lamps from a seed (the same seed and lamps always give
 * the same plan) and gives each one fault, the kinds taken in turn so that every kind occurs. Each
 * fault lasts long enough to be visible: a night at least for the faults that show only when lit, a
 * day for a day burner. {@link #writeGroundTruth} writes the plan as JSON lines {@code
 * {"deviceId","fault","start","end"}}; {@link LightingWeek} produces the readings that show it.
 */
public final class LightingFaultPlan {
  /** Share of lamps that get a fault when none is given. */
  public static final double DEFAULT_SHARE = 0.02;

  private static final JsonMapper JSON = new JsonMapper();
  private static final LightingFault[] KINDS = LightingFault.values();

  private final List<FaultWindow> windows;
  private final Map<String, List<FaultWindow>> byDevice = new HashMap<>();

  /** A hand-made plan (tests); windows of one lamp should not overlap. */
  public LightingFaultPlan(Collection<FaultWindow> windows) {
    List<FaultWindow> sorted = new ArrayList<>(windows);
    sorted.sort(
        Comparator.comparing(FaultWindow::deviceId)
            .thenComparing(FaultWindow::start)
            .thenComparing(FaultWindow::fault));
    this.windows = Collections.unmodifiableList(sorted);
    sorted.forEach(w -> byDevice.computeIfAbsent(w.deviceId(), id -> new ArrayList<>()).add(w));
  }

  /** No faults at all. */
  public static LightingFaultPlan none() {
    return new LightingFaultPlan(List.of());
  }

  /** {@link #DEFAULT_SHARE} of the lamps faulty somewhere in [{@code from}, {@code to}). */
  public static LightingFaultPlan generate(
      long seed, Collection<String> deviceIds, Instant from, Instant to) {
    return generate(seed, deviceIds, from, to, DEFAULT_SHARE);
  }

  /**
   * @param share of the lamps (0–1) that get one fault each; at least one lamp when positive
   * @throws IllegalArgumentException if the period is shorter than two days, too short for the
   *     longest minimum duration of a fault
   */
  public static LightingFaultPlan generate(
      long seed, Collection<String> deviceIds, Instant from, Instant to, double share) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("share must be within 0–1: " + share);
    }
    if (Duration.between(from, to).compareTo(Duration.ofDays(2)) < 0) {
      throw new IllegalArgumentException("a fault plan needs a period of two days at least");
    }
    // Sorted first: the plan must not depend on the order the caller happened to list lamps in.
    List<String> ids = new ArrayList<>(deviceIds.stream().distinct().sorted().toList());
    Random random = new Random(seed);
    Collections.shuffle(ids, random);
    int faulty = share == 0 ? 0 : Math.max(1, (int) Math.round(ids.size() * share));
    List<FaultWindow> windows = new ArrayList<>(faulty);
    for (int i = 0; i < Math.min(faulty, ids.size()); i++) {
      LightingFault kind = KINDS[i % KINDS.length];
      Duration length = length(kind, random);
      long latestStartS = Duration.between(from, to).minus(length).getSeconds();
      Instant start =
          from.plusSeconds((long) (random.nextDouble() * Math.max(1, latestStartS)))
              .truncatedTo(ChronoUnit.MINUTES);
      if (start.isBefore(from)) {
        start = from;
      }
      Instant end = start.plus(length);
      windows.add(new FaultWindow(ids.get(i), kind, start, end.isAfter(to) ? to : end));
    }
    return new LightingFaultPlan(windows);
  }

  /**
   * How long a fault lasts. A lamp is lit about 12 h a day, so a fault that shows only when lit
   * lasts 18 h at least, and a day burner a full day.
   */
  private static Duration length(LightingFault kind, Random random) {
    int minutes =
        switch (kind) {
          case LAMP_OUT, DAY_BURNER -> 24 * 60 + random.nextInt(48 * 60);
          case POWER_HIGH, POWER_LOW -> 24 * 60 + random.nextInt(72 * 60);
          case CYCLING -> 18 * 60 + random.nextInt(18 * 60);
        };
    return Duration.ofMinutes(minutes);
  }

  /** Every fault, by lamp id then start. */
  public List<FaultWindow> windows() {
    return windows;
  }

  /** The window a lamp is in at an instant, if any. */
  public Optional<FaultWindow> windowAt(String deviceId, Instant at) {
    List<FaultWindow> ofDevice = byDevice.get(deviceId);
    if (ofDevice == null) {
      return Optional.empty();
    }
    for (FaultWindow w : ofDevice) {
      if (w.covers(at)) {
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }

  /** The fault a lamp has at an instant, if any. */
  public Optional<LightingFault> faultAt(String deviceId, Instant at) {
    return windowAt(deviceId, at).map(FaultWindow::fault);
  }

  /** Writes the ground truth, one JSON object per line, by lamp id then start. */
  public void writeGroundTruth(Writer out) throws IOException {
    for (FaultWindow w : windows) {
      ObjectNode line = JSON.createObjectNode();
      line.put("deviceId", w.deviceId());
      line.put("fault", w.fault().code());
      line.put("start", w.start().toString());
      line.put("end", w.end().toString());
      out.write(JSON.writeValueAsString(line));
      out.write('\n');
    }
  }

  public void writeGroundTruth(Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writeGroundTruth(out);
    }
  }

  /** Reads a ground-truth file back into a plan. */
  public static LightingFaultPlan readGroundTruth(Path file) throws IOException {
    List<FaultWindow> windows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = JSON.readTree(line);
        windows.add(
            new FaultWindow(
                node.path("deviceId").asText(),
                LightingFault.of(node.path("fault").asText()),
                Instant.parse(node.path("start").asText()),
                Instant.parse(node.path("end").asText())));
      }
    }
    return new LightingFaultPlan(windows);
  }
}
