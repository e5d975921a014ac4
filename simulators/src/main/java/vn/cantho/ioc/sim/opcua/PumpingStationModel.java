package vn.cantho.ioc.sim.opcua;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import vn.cantho.ioc.sim.flood.FloodGauges;
import vn.cantho.ioc.sim.flood.TideModel;
import vn.cantho.ioc.sim.flood.TideScenario;

/**
 * A drainage pumping station with a tidal sluice gate on the Hậu river (docs/domain.md §4). The
 * river outside follows the {@link TideModel} of the Hậu at the Cái Khế gate; the canal inside is a
 * water balance integrated in fixed small steps: runoff (a base flow plus the rain of the tide
 * model) flows in, water passes the gate from the higher side to the lower as fast as the opening
 * and the square root of the head allow, and each running pump takes a fixed rate out.
 *
 * <p>The station's PLC runs it in automatic: the gate closes while the river is as high as the
 * canal and opens as the canal stands higher; pumps start one by one as the canal rises past their
 * start levels. A remote command to a pump or to the gate takes that actuator out of automatic
 * until {@link #setAuto()} hands the station back to the PLC.
 *
 * <p>Not thread-safe: the namespace that owns it serialises every call.
 */
public final class PumpingStationModel {
  /** Inside level above which each pump starts (cm); staged so pumps add up as water rises. */
  public static final double PUMP_1_START_CM = 100;

  public static final double PUMP_2_START_CM = 115;
  public static final double PUMP_3_START_CM = 125;

  /** A pump started by the PLC stops this far below its start level, so it does not chatter. */
  static final double PUMP_STOP_BELOW_CM = 10;

  /** Canal level each running pump removes per hour. */
  static final double PUMP_RATE_CM_PER_H = 6;

  /** Runoff and town drainage into the canal in dry weather. */
  static final double BASE_INFLOW_CM_PER_H = 3;

  /**
   * The level the PLC keeps in the canal: it does not drain below it through the gate, so the canal
   * stays navigable and green at low tide, and pumping starts soon after the tide shuts the gate.
   */
  static final double KEEP_LEVEL_CM = 80;

  /** Canal inflow per cm of rain runoff at the river gauge: the canal's catchment drains fast. */
  static final double RAIN_INFLOW_PER_H = 2;

  /** Gate flow per √cm of head with the gate fully open. */
  static final double GATE_FLOW_CM_PER_H = 12;

  /** The gate's actuator moves this much of its travel per second. */
  static final double GATE_SPEED_PERCENT_PER_S = 10;

  /** The pumps' dry-run protection: below this the canal is too shallow to pump. */
  static final double PUMP_CUT_OUT_CM = 30;

  static final Duration STEP = Duration.ofSeconds(10);

  /** How far back a new model starts, so the canal has found its balance with the river. */
  static final Duration SPIN_UP = Duration.ofHours(12);

  private static final double[] START_CM = {PUMP_1_START_CM, PUMP_2_START_CM, PUMP_3_START_CM};
  private static final double INITIAL_INSIDE_CM = 85;

  /** One sample of the station. */
  public record State(
      double levelInsideCm,
      double levelOutsideCm,
      boolean pump1,
      boolean pump2,
      boolean pump3,
      double gatePositionPercent,
      double gateSetpointPercent,
      boolean auto) {}

  private final TideModel river;
  private Instant time;
  private double insideCm = INITIAL_INSIDE_CM;
  private double gatePercent;
  private double gateSetpointPercent;
  private final boolean[] pumpOn = new boolean[3];
  private final boolean[] pumpRemote = new boolean[3];
  private boolean gateRemote;

  /** The demo station: the Hậu at Cái Khế with the demo's weather and record evening. */
  public PumpingStationModel() {
    this(
        new TideModel(
            FloodGauges.CAI_KHE_RIVER, TideModel.DEFAULT_SEED, TideScenario.RECORD_OCTOBER_2026));
  }

  public PumpingStationModel(TideModel river) {
    this.river = Objects.requireNonNull(river, "river");
  }

  /**
   * Advances the station to {@code to} in steps of {@link #STEP} (a last shorter one to land on
   * {@code to}) and returns its state there. The first call starts {@link #SPIN_UP} earlier; a call
   * for an earlier time than the last returns the last state unchanged.
   */
  public State step(Instant to) {
    if (time == null) {
      time = to.minus(SPIN_UP);
      applyAutomatic(river.levelCm(time));
      gatePercent = gateSetpointPercent;
    } else if (Duration.between(time, to).compareTo(SPIN_UP) > 0) {
      time = to.minus(SPIN_UP); // a clock jump: catch up on the last half day only
    }
    while (time.isBefore(to)) {
      Duration dt = Duration.between(time, to);
      if (dt.compareTo(STEP) > 0) {
        dt = STEP;
      }
      advance(dt);
      time = time.plus(dt);
    }
    return state();
  }

  /** The state at the last step, without advancing. */
  public State state() {
    double outside = time == null ? Double.NaN : river.levelCm(time);
    return new State(
        round1(insideCm),
        round1(outside),
        pumpOn[0],
        pumpOn[1],
        pumpOn[2],
        round1(gatePercent),
        round1(gateSetpointPercent),
        isAuto());
  }

  /** Remote command: pump {@code pump} (1–3) on or off, out of automatic until {@link #setAuto}. */
  public void commandPump(int pump, boolean on) {
    if (pump < 1 || pump > 3) {
      throw new IllegalArgumentException("pumps are 1, 2 and 3, not " + pump);
    }
    pumpRemote[pump - 1] = true;
    pumpOn[pump - 1] = on;
  }

  /** Remote command: the gate to {@code percent} open, out of automatic until {@link #setAuto}. */
  public void commandGate(double percent) {
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException("gate setpoint outside 0–100 %: " + percent);
    }
    gateRemote = true;
    gateSetpointPercent = percent;
  }

  /** Hands every actuator back to the PLC; it acts on them from the next step. */
  public void setAuto() {
    Arrays.fill(pumpRemote, false);
    gateRemote = false;
    if (time != null) {
      applyAutomatic(river.levelCm(time));
    }
  }

  /** True while no actuator is under remote command. */
  public boolean isAuto() {
    return !gateRemote && !pumpRemote[0] && !pumpRemote[1] && !pumpRemote[2];
  }

  private void advance(Duration dt) {
    double hours = dt.toMillis() / 3_600_000.0;
    double outside = river.levelCm(time);
    applyAutomatic(outside);
    double maxMove = GATE_SPEED_PERCENT_PER_S * dt.toMillis() / 1000.0;
    gatePercent += Math.max(-maxMove, Math.min(maxMove, gateSetpointPercent - gatePercent));

    double inflow = BASE_INFLOW_CM_PER_H + RAIN_INFLOW_PER_H * Math.max(0, river.rainCm(time));
    double head = outside - insideCm;
    double gateFlow =
        GATE_FLOW_CM_PER_H * (gatePercent / 100) * Math.signum(head) * Math.sqrt(Math.abs(head));
    int running = 0;
    for (boolean on : pumpOn) {
      running += on ? 1 : 0;
    }
    double pumped = insideCm > PUMP_CUT_OUT_CM ? running * PUMP_RATE_CM_PER_H : 0;
    // Steps are short enough that the flow cannot carry the canal past the river's level.
    insideCm += (inflow + gateFlow - pumped) * hours;
  }

  /** The PLC's rules, for the actuators it still has. */
  private void applyAutomatic(double outsideCm) {
    if (!gateRemote) {
      gateSetpointPercent = automaticGatePercent(insideCm, outsideCm);
    }
    for (int i = 0; i < 3; i++) {
      if (pumpRemote[i]) {
        continue;
      }
      if (insideCm > START_CM[i]) {
        pumpOn[i] = true;
      } else if (insideCm < START_CM[i] - PUMP_STOP_BELOW_CM) {
        pumpOn[i] = false;
      }
    }
  }

  /**
   * Shut while the river is as high as the canal, so the tide cannot flow in; opens gradually as
   * the canal stands higher than the river and than its kept level.
   */
  static double automaticGatePercent(double insideCm, double outsideCm) {
    double above = insideCm - Math.max(outsideCm, KEEP_LEVEL_CM);
    if (outsideCm >= insideCm || above <= 0) {
      return 0;
    }
    return Math.min(100, Math.round(above * 4));
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
