package vn.cantho.ioc.sim.lighting;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import vn.cantho.ioc.sim.LightLevel;
import vn.cantho.ioc.sim.LightingModel;
import vn.cantho.ioc.sim.SeededNoise;
import vn.cantho.ioc.sim.SimDevice;
import vn.cantho.ioc.sim.UplinkMessage;

/**
 * The readings of many streetlights over days, in data time, for benchmarks and fault-detection
 * tests: each lamp reports every {@link SimDevice#reportIntervalS()} seconds (from its own phase
 * within the first interval), burning at the level a {@link CommandedLevel} function asks for, with
 * the faults of a {@link LightingFaultPlan} applied ({@link LightingFaultPlan#none()} for a
 * fault-free week).
 *
 * <p>Readings come lazily and in time order from {@link #iterator()} or {@link #stream()}: a
 * benchmark can feed a city's week into the node without holding it in memory. Each reading is a
 * pure function of lamp, instant, level and plan ({@link #reading}); the registry's demo attribute
 * {@code simulatedFault} is ignored here, the plan alone decides.
 *
 * <p>A healthy lamp draws its rated power times the dim level, ±2 % (as {@link LightingModel}), and
 * about 0.5 W standby when off. Faults: {@link LightingFault#LAMP_OUT} reports on but draws
 * standby; {@link LightingFault#DAY_BURNER} is on at 100 % while commanded off; {@link
 * LightingFault#POWER_HIGH} and {@link LightingFault#POWER_LOW} draw 1.4 and 0.6 × nominal when
 * lit; {@link LightingFault#CYCLING} goes off for {@value #CYCLE_HALF_S} s out of every {@code 2 ×
 * }{@value #CYCLE_HALF_S} s while commanded on.
 */
public final class LightingWeek implements Iterable<LightingWeek.Reading> {
  /** Half period of a cycling lamp's flapping: this long on, then this long off. */
  public static final int CYCLE_HALF_S = 120;

  static final double HIGH_FACTOR = 1.4;
  static final double LOW_FACTOR = 0.6;

  /** The level a lamp is told to burn at, at an instant. */
  @FunctionalInterface
  public interface CommandedLevel {
    LightLevel at(Instant at, SimDevice device);
  }

  /** One lamp's reading, as its uplink would carry it. */
  public record Reading(String deviceId, Instant ts, int state, double dim, double power) {
    /** Metric → value, as in {@link LightingModel#METRICS}. */
    public Map<String, Double> values() {
      Map<String, Double> values = new LinkedHashMap<>();
      values.put(LightingModel.STATE, (double) state);
      values.put(LightingModel.DIM, dim);
      values.put(LightingModel.POWER, power);
      return values;
    }

    /** The uplink topic, {@code cantho/v1/lighting/{id}/up}. */
    public String topic() {
      return "cantho/v1/lighting/" + deviceId + "/up";
    }

    /** The uplink payload a real lamp would publish. */
    public byte[] payload() {
      return UplinkMessage.payload(ts, values());
    }
  }

  private final List<Lamp> lamps;
  private final Instant start;
  private final Instant end;
  private final CommandedLevel level;
  private final LightingFaultPlan plan;

  private record Lamp(SimDevice device, double ratedW, long powerKey, long phaseS) {}

  /**
   * @param lights the lamps; each keeps its own report interval
   * @param start first instant (inclusive)
   * @param length how long (the end is exclusive)
   * @param level what each lamp is told to do when; {@link #astronomical()} for the schedule
   * @param plan faults to show, or {@link LightingFaultPlan#none()}
   */
  public LightingWeek(
      List<SimDevice> lights,
      Instant start,
      Duration length,
      CommandedLevel level,
      LightingFaultPlan plan) {
    this.start = Objects.requireNonNull(start, "start");
    this.end = start.plus(length);
    this.level = Objects.requireNonNull(level, "level");
    this.plan = Objects.requireNonNull(plan, "plan");
    this.lamps =
        lights.stream()
            .map(
                d ->
                    new Lamp(
                        d,
                        LightingModel.ratedPowerW(d),
                        SeededNoise.key(d.id(), LightingModel.POWER),
                        (long)
                            (SeededNoise.uniform(SeededNoise.key(d.id(), "phase"), 0)
                                * d.reportIntervalS())))
            .toList();
  }

  /** {@code days} days from {@code start}. */
  public static LightingWeek of(
      List<SimDevice> lights,
      Instant start,
      int days,
      CommandedLevel level,
      LightingFaultPlan plan) {
    return new LightingWeek(lights, start, Duration.ofDays(days), level, plan);
  }

  /**
   * The astronomical schedule of {@link LightingModel} for every lamp. Remembers its last answer,
   * which time-ordered readings ask for again and again (lamps sharing a report second), so one
   * instance serves one thread.
   */
  public static CommandedLevel astronomical() {
    return new CommandedLevel() {
      private long second = Long.MIN_VALUE;
      private LightLevel last;

      @Override
      public LightLevel at(Instant at, SimDevice device) {
        if (at.getEpochSecond() != second || at.getNano() != 0) {
          second = at.getNano() == 0 ? at.getEpochSecond() : Long.MIN_VALUE;
          last = LightingModel.schedule(at);
        }
        return last;
      }
    };
  }

  /** The reading of one lamp at one instant (pure). */
  public Reading reading(SimDevice device, Instant at) {
    return reading(
        device,
        LightingModel.ratedPowerW(device),
        SeededNoise.key(device.id(), LightingModel.POWER),
        at,
        level.at(at, device));
  }

  private Reading reading(
      SimDevice device, double ratedW, long powerKey, Instant at, LightLevel commanded) {
    String id = device.id();
    FaultWindow window = plan.windowAt(id, at).orElse(null);
    LightingFault fault = window == null ? null : window.fault();
    boolean on = commanded.on();
    double dim = commanded.dim();
    if (fault == LightingFault.DAY_BURNER && !on) {
      on = true;
      dim = 100;
    } else if (fault == LightingFault.CYCLING && on) {
      long sinceStart = Duration.between(window.start(), at).getSeconds();
      if ((sinceStart / CYCLE_HALF_S) % 2 == 1) {
        on = false;
        dim = 0;
      }
    }
    double power;
    if (!on || fault == LightingFault.LAMP_OUT) {
      power = LightingModel.standbyPower(powerKey, at);
    } else {
      power = LightingModel.nominalPower(powerKey, ratedW, dim, at);
      if (fault == LightingFault.POWER_HIGH) {
        power *= HIGH_FACTOR;
      } else if (fault == LightingFault.POWER_LOW) {
        power *= LOW_FACTOR;
      }
    }
    return new Reading(id, at, on ? 1 : 0, dim, power);
  }

  /** Every reading, in time order (lamps in list order at equal instants). */
  @Override
  public Iterator<Reading> iterator() {
    return new Iterator<>() {
      // (next report second, lamp index), earliest first
      private final PriorityQueue<long[]> due =
          new PriorityQueue<>(
              Math.max(1, lamps.size()),
              (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));

      {
        for (int i = 0; i < lamps.size(); i++) {
          long first = start.getEpochSecond() + lamps.get(i).phaseS();
          if (first < end.getEpochSecond()) {
            due.add(new long[] {first, i});
          }
        }
      }

      @Override
      public boolean hasNext() {
        return !due.isEmpty();
      }

      @Override
      public Reading next() {
        long[] head = due.poll();
        if (head == null) {
          throw new NoSuchElementException();
        }
        Lamp lamp = lamps.get((int) head[1]);
        Instant at = Instant.ofEpochSecond(head[0]);
        long following = head[0] + lamp.device().reportIntervalS();
        if (following < end.getEpochSecond()) {
          head[0] = following;
          due.add(head);
        }
        return reading(
            lamp.device(), lamp.ratedW(), lamp.powerKey(), at, level.at(at, lamp.device()));
      }
    };
  }

  public Stream<Reading> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            iterator(), Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE),
        false);
  }
}
