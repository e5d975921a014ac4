package vn.cantho.ioc.sim.lighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.cantho.ioc.sim.LightLevel;
import vn.cantho.ioc.sim.LightingModel;
import vn.cantho.ioc.sim.RegistryGenerator;
import vn.cantho.ioc.sim.SimDevice;

class LightingWeekTest {
  /** Midnight in Can Tho (UTC+7). */
  private static final Instant START = Instant.parse("2026-11-22T17:00:00Z");

  private static final int DAYS = 7;
  private static final List<SimDevice> LAMPS = lamps(40);
  private static final Map<String, SimDevice> BY_ID =
      LAMPS.stream().collect(Collectors.toMap(SimDevice::id, Function.identity()));

  @Test
  void aFaultFreeWeekDrawsRatedPowerTimesDimAndReportsEveryMinuteInTimeOrder() {
    LightingWeek week =
        LightingWeek.of(LAMPS, START, DAYS, LightingWeek.astronomical(), LightingFaultPlan.none());

    long count = 0;
    Instant previous = Instant.MIN;
    Map<String, Integer> litReadings = new HashMap<>();
    for (Iterator<LightingWeek.Reading> it = week.iterator(); it.hasNext(); ) {
      LightingWeek.Reading r = it.next();
      count++;
      assertThat(r.ts()).isAfterOrEqualTo(previous).isBefore(START.plus(Duration.ofDays(DAYS)));
      previous = r.ts();
      LightLevel scheduled = LightingModel.schedule(r.ts());
      assertThat(r.state()).isEqualTo(scheduled.on() ? 1 : 0);
      assertThat(r.dim()).isEqualTo(scheduled.dim());
      double rated = BY_ID.get(r.deviceId()).numberAttribute(RegistryGenerator.RATED_POWER_W, 0);
      if (r.state() == 1) {
        litReadings.merge(r.deviceId(), 1, Integer::sum);
        assertThat(r.power())
            .isCloseTo(rated * r.dim() / 100, within(rated * r.dim() / 100 * 0.021));
      } else {
        assertThat(r.power()).isBetween(0.4, 0.6);
      }
    }

    assertThat(count).isEqualTo(LAMPS.size() * DAYS * 24 * 60L);
    // About 12 hours of darkness a night in late November.
    assertThat(litReadings.values())
        .allSatisfy(n -> assertThat(n).isBetween(DAYS * 11 * 60, DAYS * 13 * 60));
  }

  @Test
  void theReadingsShowEveryFaultOfTheGroundTruthInItsWindowAndNothingOutside(@TempDir Path dir)
      throws IOException {
    Instant end = START.plus(Duration.ofDays(DAYS));
    LightingFaultPlan plan = LightingFaultPlan.generate(2026, BY_ID.keySet(), START, end, 0.25);
    // Scored against what was written, as a benchmark would.
    Path file = dir.resolve("faults.jsonl");
    plan.writeGroundTruth(file);
    LightingFaultPlan truth = LightingFaultPlan.readGroundTruth(file);
    assertThat(truth.windows()).hasSize(10);

    LightingWeek week = LightingWeek.of(LAMPS, START, DAYS, LightingWeek.astronomical(), plan);
    Map<FaultWindow, List<LightingWeek.Reading>> inWindow = new HashMap<>();
    week.stream()
        .forEach(
            r -> {
              LightLevel commanded = LightingModel.schedule(r.ts());
              double rated =
                  BY_ID.get(r.deviceId()).numberAttribute(RegistryGenerator.RATED_POWER_W, 0);
              double nominal = rated * commanded.dim() / 100;
              FaultWindow w = truth.windowAt(r.deviceId(), r.ts()).orElse(null);
              if (w != null) {
                inWindow.computeIfAbsent(w, k -> new ArrayList<>()).add(r);
              }
              LightingFault fault = w == null ? null : w.fault();
              if (fault == null) {
                assertNominal(r, commanded, nominal);
                return;
              }
              switch (fault) {
                case LAMP_OUT -> {
                  assertThat(r.state()).isEqualTo(commanded.on() ? 1 : 0);
                  assertThat(r.power()).isLessThan(1.0);
                }
                case DAY_BURNER -> {
                  if (commanded.on()) {
                    assertNominal(r, commanded, nominal);
                  } else {
                    assertThat(r.state()).isEqualTo(1);
                    assertThat(r.power()).isCloseTo(rated, within(rated * 0.021));
                  }
                }
                case POWER_HIGH -> {
                  if (commanded.on()) {
                    assertThat(r.power()).isCloseTo(nominal * 1.4, within(nominal * 0.03));
                  } else {
                    assertNominal(r, commanded, nominal);
                  }
                }
                case POWER_LOW -> {
                  if (commanded.on()) {
                    assertThat(r.power()).isCloseTo(nominal * 0.6, within(nominal * 0.013));
                  } else {
                    assertNominal(r, commanded, nominal);
                  }
                }
                case CYCLING -> {
                  if (!commanded.on()) {
                    assertNominal(r, commanded, nominal);
                  } else if (r.state() == 1) {
                    assertThat(r.power()).isCloseTo(nominal, within(nominal * 0.021));
                  } else {
                    assertThat(r.power()).isLessThan(1.0);
                  }
                }
              }
            });

    // Every fault shows: a lamp out has lit-but-standby readings, a cycling lamp goes both on and
    // off while commanded on, and so on.
    assertThat(inWindow.keySet()).containsExactlyInAnyOrderElementsOf(truth.windows());
    inWindow.forEach(
        (w, readings) -> {
          long telling =
              readings.stream()
                  .filter(
                      r -> {
                        boolean on = LightingModel.schedule(r.ts()).on();
                        return switch (w.fault()) {
                          case LAMP_OUT -> on && r.state() == 1 && r.power() < 1;
                          case DAY_BURNER -> !on && r.state() == 1;
                          case POWER_HIGH, POWER_LOW -> on;
                          case CYCLING -> on && r.state() == 0;
                        };
                      })
                  .count();
          assertThat(telling).as(w.toString()).isGreaterThanOrEqualTo(60);
        });
  }

  @Test
  void followsAnyCommandedLevelFunction() {
    LightingWeek.CommandedLevel alwaysHalf = (at, device) -> new LightLevel(true, 50);
    LightingWeek week =
        LightingWeek.of(LAMPS.subList(0, 3), START, 1, alwaysHalf, LightingFaultPlan.none());

    assertThat(week.stream())
        .hasSize(3 * 24 * 60)
        .allSatisfy(r -> assertThat(r.dim()).isEqualTo(50.0));
    LightingWeek.Reading first = week.iterator().next();
    assertThat(first.topic()).isEqualTo("cantho/v1/lighting/" + first.deviceId() + "/up");
    assertThat(new String(first.payload(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"values\":{\"state\":1,\"dim\":50,\"power\":");
  }

  private static void assertNominal(LightingWeek.Reading r, LightLevel commanded, double nominal) {
    assertThat(r.state()).isEqualTo(commanded.on() ? 1 : 0);
    if (commanded.on()) {
      assertThat(r.power()).isCloseTo(nominal, within(nominal * 0.021));
    } else {
      assertThat(r.power()).isLessThan(1.0);
    }
  }

  private static List<SimDevice> lamps(int count) {
    int[] watts = {60, 80, 100, 120, 150};
    List<SimDevice> lamps = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      lamps.add(
          new SimDevice(
              String.format("sl-%04d", n),
              "lighting",
              LightingModel.LED_STREETLIGHT,
              "Đèn đường test",
              105.78,
              10.03,
              60,
              Map.of(RegistryGenerator.RATED_POWER_W, watts[n % watts.length])));
    }
    return lamps;
  }
}
