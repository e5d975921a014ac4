package vn.cantho.ioc.sim.opcua;

import java.util.List;

/**
 * The string identifiers of the simulator's variables, stable across restarts so that a mapping
 * file can name them: {@code nsu=urn:cantho:ioc:sim;s=station/cai-khe/level-inside}.
 */
public final class StationNodes {
  public static final String NAMESPACE_URI = "urn:cantho:ioc:sim";

  public static final String STATION = "station/cai-khe";
  public static final String LEVEL_INSIDE = STATION + "/level-inside";
  public static final String LEVEL_OUTSIDE = STATION + "/level-outside";

  /**
   * Writable (Boolean): whether each pump runs. A write is a remote command: the pump leaves the
   * PLC's automatic staging until {@link #SET_AUTO} is called.
   */
  public static final String PUMP_1 = STATION + "/pump-1";

  public static final String PUMP_2 = STATION + "/pump-2";
  public static final String PUMP_3 = STATION + "/pump-3";

  /** Read-only: the gate's actual opening, 0–100 %, moving toward the setpoint. */
  public static final String GATE_POSITION = STATION + "/gate-position";

  /**
   * Writable (Double, 0–100 %): the opening the gate moves to. A write takes the gate out of
   * automatic until {@link #SET_AUTO} is called.
   */
  public static final String GATE_SETPOINT = STATION + "/gate-setpoint";

  /** Read-only (Boolean): true while the PLC runs every pump and the gate. */
  public static final String AUTO = STATION + "/auto";

  /**
   * Method {@code SetPump(pump Int32, on Boolean)} on the station object ({@link #STATION}): a
   * remote command to one pump, like a write of its variable.
   */
  public static final String SET_PUMP = STATION + "/set-pump";

  /** Method {@code SetAuto()} on the station object: every actuator back to the PLC. */
  public static final String SET_AUTO = STATION + "/set-auto";

  public static final String CABINET = "cabinet/ninh-kieu-01";
  public static final String CONTACTOR_ON = CABINET + "/contactor-on";
  public static final String TOTAL_POWER = CABINET + "/total-power";
  public static final String VOLTAGE = CABINET + "/voltage";
  public static final String CURRENT = CABINET + "/current";

  /** Writable: the cabinet's output, closed (true) or open; a write overrides the timer. */
  public static final String SWITCH = CABINET + "/switch";

  /** Writable: the lamps' level, 0–100 % (Double); a write overrides the timer. */
  public static final String DIM_LEVEL = CABINET + "/dim-level";

  /** Method {@code SetLight(on Boolean, dim Double)} on the cabinet object ({@link #CABINET}). */
  public static final String SET_LIGHT = CABINET + "/set-light";

  /** Every variable (not the methods). */
  public static final List<String> ALL =
      List.of(
          LEVEL_INSIDE,
          LEVEL_OUTSIDE,
          PUMP_1,
          PUMP_2,
          PUMP_3,
          GATE_POSITION,
          GATE_SETPOINT,
          AUTO,
          CONTACTOR_ON,
          TOTAL_POWER,
          VOLTAGE,
          CURRENT,
          SWITCH,
          DIM_LEVEL);

  private StationNodes() {}

  /** The parseable expanded NodeId of one variable, independent of the namespace index. */
  public static String expandedNodeId(String identifier) {
    return "nsu=" + NAMESPACE_URI + ";s=" + identifier;
  }
}
