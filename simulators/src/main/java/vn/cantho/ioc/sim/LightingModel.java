package vn.cantho.ioc.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * An LED streetlight on an astronomical schedule (docs/domain.md §6): on from sunset + 10 min to
 * sunrise − 10 min, dimmed to 50 % from 23:00 to 04:30 when streets are empty. Power is the rated
 * power times the dim level (LED drivers are close to linear), a standby draw when off. A lamp may
 * carry a simulated TALQ fault in its registry attributes.
 */
public final class LightingModel implements ReadingModel {
  /** 1 switched on, 0 off. */
  public static final String STATE = "state";

  /** Light output, % (0–100). */
  public static final String DIM = "dim";

  /** Active power, W. */
  public static final String POWER = "power";

  public static final List<String> METRICS = List.of(STATE, DIM, POWER);

  public static final String LED_STREETLIGHT = "led_streetlight";

  /** The registry's {@code lampType} of an LED lamp. */
  public static final String LAMP_TYPE_LED = "LED";

  /** Day-burner: the lamp stays lit in daylight (e.g. a relay stuck closed). */
  public static final String LAMP_UNEXPECTED_ON = "lampUnexpectedOn";

  /** The lamp is switched on but gives no light: power stays at standby. */
  public static final String LAMP_FAILURE = "lampFailure";

  private static final Duration ASTRO_OFFSET = Duration.ofMinutes(10);
  private static final LocalTime NIGHT_DIM_START = LocalTime.of(23, 0);
  private static final LocalTime NIGHT_DIM_END = LocalTime.of(4, 30);
  private static final double FULL = 100;
  private static final double NIGHT_DIM = 50;
  private static final double STANDBY_W = 0.5;

  @Override
  public List<String> metrics() {
    return METRICS;
  }

  @Override
  public Map<String, Double> sample(SimDevice device, Instant at) {
    return sample(device, at, schedule(at));
  }

  /**
   * The reading of a lamp told to burn at {@code level} (a command's, or {@link #schedule}'s), with
   * the registry's simulated fault, if any, applied.
   */
  public Map<String, Double> sample(SimDevice device, Instant at, LightLevel level) {
    String id = device.id();
    Optional<String> fault = device.textAttribute(RegistryGenerator.SIMULATED_FAULT);
    if (!level.on() && fault.filter(LAMP_UNEXPECTED_ON::equals).isPresent()) {
      level = new LightLevel(true, FULL);
    }
    boolean givesLight = level.on() && fault.filter(LAMP_FAILURE::equals).isEmpty();
    double power =
        givesLight
            ? nominalPower(SeededNoise.key(id, POWER), ratedPowerW(device), level.dim(), at)
            : standbyPower(SeededNoise.key(id, POWER), at);

    Map<String, Double> values = new LinkedHashMap<>();
    values.put(STATE, level.on() ? 1.0 : 0.0);
    values.put(DIM, level.dim());
    values.put(POWER, power);
    return values;
  }

  /** The registry's rated power, or 60, 70 … 150 W drawn from the id when it does not say. */
  public static double ratedPowerW(SimDevice device) {
    return device.numberAttribute(
        RegistryGenerator.RATED_POWER_W,
        10 * Math.rint(SeededNoise.trait(device.id(), "rated", 6, 15)));
  }

  /**
   * What a healthy lit lamp draws: rated power times the dim level, with ±2 % meter noise (LED
   * drivers are close to linear). At dim 0 the driver idles at standby.
   *
   * @param powerKey {@code SeededNoise.key(deviceId, "power")}
   */
  public static double nominalPower(long powerKey, double ratedW, double dim, Instant at) {
    if (dim <= 0) {
      return standbyPower(powerKey, at);
    }
    return ratedW * dim / 100 * (1 + SeededNoise.jitter(powerKey, at.getEpochSecond(), 0.02));
  }

  /** The driver's standby draw, about 0.5 W, when the lamp gives no light. */
  public static double standbyPower(long powerKey, Instant at) {
    return STANDBY_W + SeededNoise.jitter(powerKey, at.getEpochSecond(), 0.05);
  }

  /** The astronomical schedule's level at an instant (see {@link #scheduledDim}). */
  public static LightLevel schedule(Instant at) {
    return LightLevel.dimmedTo(scheduledDim(at));
  }

  /** The dim level the schedule asks for: 0 by day, 100 in the evening, 50 late at night. */
  public static double scheduledDim(Instant at) {
    LocalDate today = CanThoTime.localDate(at);
    Instant offInMorning = CanThoTime.instant(today, SunTimes.sunrise(today)).minus(ASTRO_OFFSET);
    Instant onInEvening = CanThoTime.instant(today, SunTimes.sunset(today)).plus(ASTRO_OFFSET);
    if (!at.isBefore(offInMorning) && at.isBefore(onInEvening)) {
      return 0;
    }
    LocalTime local = CanThoTime.localTime(at);
    boolean lateNight = !local.isBefore(NIGHT_DIM_START) || local.isBefore(NIGHT_DIM_END);
    return lateNight ? NIGHT_DIM : FULL;
  }
}
