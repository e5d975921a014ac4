package vn.cantho.ioc.sim.flood;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import vn.cantho.ioc.sim.SimDevice;

/**
 * The demo's water-level gauges and their tides. Alarm levels are those of the bulletins of Đài Khí
 * tượng Thủy văn TP Cần Thơ; the tide constants are the simulator's own, calibrated so that the Hậu
 * river at Can Tho behaves as the bulletins describe (docs/simulators-flood.md).
 */
public final class FloodGauges {
  public static final String DOMAIN = "flood";
  public static final int REPORT_INTERVAL_S = 300;

  /**
   * The Hậu river at Can Tho: a mixed, mainly semi-diurnal tide with a strong diurnal inequality.
   * Phases put the spring-tide high waters near 06 h and 18–19 h local, the evening one higher in
   * the autumn, and spring tides about a day and a half after new and full moon (S2 lags M2 by
   * ~37°).
   */
  static final TideProfile HAU_RIVER_AT_CAN_THO =
      new TideProfile(
          69,
          List.of(
              new Harmonic(Constituent.M2, 50, 336),
              new Harmonic(Constituent.S2, 18, 351),
              new Harmonic(Constituent.N2, 8, 318),
              new Harmonic(Constituent.K2, 5, 351),
              new Harmonic(Constituent.K1, 30, 314),
              new Harmonic(Constituent.O1, 22, 274),
              new Harmonic(Constituent.P1, 10, 314),
              new Harmonic(Constituent.Q1, 4, 250),
              new Harmonic(Constituent.M4, 5, 220),
              new Harmonic(Constituent.MS4, 3, 260)),
          40,
          1.0);

  /** Trạm thủy văn Cần Thơ, in Ninh Kiều: BĐ I 180, BĐ II 190, BĐ III 200 cm. */
  public static final TideGauge CAN_THO =
      new TideGauge(
          "wl-can-tho",
          "Trạm thủy văn Cần Thơ (sông Hậu)",
          105.7880,
          10.0420,
          180,
          190,
          200,
          HAU_RIVER_AT_CAN_THO);

  /** On the Cần Thơ river at Cái Răng, a few km in from the Hậu: Can Tho's tide, a little later. */
  public static final TideGauge CAI_RANG =
      new TideGauge(
          "wl-cai-rang",
          "Trạm đo mực nước Cái Răng (sông Cần Thơ)",
          105.7650,
          10.0050,
          180,
          190,
          200,
          HAU_RIVER_AT_CAN_THO.upstream(0.97, 0.25, 68, 40, 1.0));

  /**
   * Phụng Hiệp (Ngã Bảy), where seven canals meet: the tide arrives damped and hours late. Only BĐ
   * III (140 cm) is from the bulletins; BĐ I and II are set 20 and 10 cm below it.
   */
  public static final TideGauge PHUNG_HIEP =
      new TideGauge(
          "wl-phung-hiep",
          "Trạm thủy văn Phụng Hiệp (Ngã Bảy)",
          105.8250,
          9.8100,
          120,
          130,
          140,
          HAU_RIVER_AT_CAN_THO.upstream(0.6, 2, 56, 30, 0.7));

  /**
   * Vị Thanh on the Xà No canal, far from both seas: a small, much delayed tide. Only BĐ III (75
   * cm) is from the bulletins; BĐ I and II are set 20 and 10 cm below it.
   */
  public static final TideGauge VI_THANH =
      new TideGauge(
          "wl-vi-thanh",
          "Trạm thủy văn Vị Thanh (kênh Xà No)",
          105.4700,
          9.7840,
          55,
          65,
          75,
          HAU_RIVER_AT_CAN_THO.upstream(0.3, 5, 30, 18, 0.5));

  /**
   * Where the Cái Khế pumping station's gate opens onto the Hậu river; not a gauge of the network,
   * but the river the station sees. Can Tho's tide, a few minutes earlier downstream.
   */
  public static final TideGauge CAI_KHE_RIVER =
      new TideGauge(
          "river-cai-khe",
          "Sông Hậu tại cống Cái Khế",
          105.7796,
          10.0545,
          180,
          190,
          200,
          HAU_RIVER_AT_CAN_THO.upstream(1.0, -0.1, 69, 40, 1.0));

  private static final Map<String, TideGauge> DEMO;

  static {
    Map<String, TideGauge> demo = new LinkedHashMap<>();
    for (TideGauge g : List.of(CAN_THO, CAI_RANG, PHUNG_HIEP, VI_THANH)) {
      demo.put(g.id(), g);
    }
    DEMO = demo;
  }

  /** The demo's models: default seed, record scenario, built once per gauge. */
  private static final Map<String, TideModel> MODELS = new ConcurrentHashMap<>();

  private FloodGauges() {}

  /** The demo's gauges, as registry devices. */
  public static List<SimDevice> demo() {
    return DEMO.values().stream().map(FloodGauges::device).toList();
  }

  public static List<TideGauge> gauges() {
    return List.copyOf(DEMO.values());
  }

  public static Optional<TideGauge> gauge(String id) {
    return Optional.ofNullable(DEMO.get(id));
  }

  /** A gauge as a registry device, its alarm levels as attributes (cm). */
  public static SimDevice device(TideGauge gauge) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("bd1", gauge.bd1());
    attributes.put("bd2", gauge.bd2());
    attributes.put("bd3", gauge.bd3());
    return new SimDevice(
        gauge.id(),
        DOMAIN,
        WaterLevelGaugeModel.TYPE,
        gauge.name(),
        gauge.lon(),
        gauge.lat(),
        REPORT_INTERVAL_S,
        attributes);
  }

  /**
   * The demo's truth at a gauge: the default seed with the record evening of 12 October 2026.
   *
   * @throws IllegalArgumentException for an id that is not a demo gauge
   */
  public static TideModel demoModel(String gaugeId) {
    TideGauge gauge =
        gauge(gaugeId)
            .orElseThrow(() -> new IllegalArgumentException("no tide gauge with id " + gaugeId));
    return MODELS.computeIfAbsent(
        gaugeId,
        id -> new TideModel(gauge, TideModel.DEFAULT_SEED, TideScenario.RECORD_OCTOBER_2026));
  }
}
