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
  public static final String PUMP_1 = STATION + "/pump-1";
  public static final String PUMP_2 = STATION + "/pump-2";
  public static final String PUMP_3 = STATION + "/pump-3";
  public static final String GATE_POSITION = STATION + "/gate-position";

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

  public static final List<String> ALL =
      List.of(
          LEVEL_INSIDE,
          LEVEL_OUTSIDE,
          PUMP_1,
          PUMP_2,
          PUMP_3,
          GATE_POSITION,
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
