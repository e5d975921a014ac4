package vn.cantho.ioc.water;

import java.util.List;
import vn.cantho.ioc.core.catalog.Metric;
import vn.cantho.ioc.core.device.Domain;

/** The water feature's catalog entries: what probes and stations measure, and what is derived. */
public final class WaterMetrics {
  private static final Domain WATER = WaterFeature.DOMAIN;

  private WaterMetrics() {}

  public static final List<Metric> ALL =
      List.of(
          // Water quality of ponds and river cages (docs/domain.md §1).
          new Metric(WATER, "do", "mg/L", 0, 30, "Oxy hòa tan", "Dissolved oxygen"),
          new Metric(WATER, "ph", "[pH]", 0, 14, "pH", "pH"),
          new Metric(WATER, "temp", "Cel", -5, 50, "Nhiệt độ nước", "Water temperature"),
          new Metric(WATER, "salinity", "[ppth]", 0, 50, "Độ mặn", "Salinity"),
          new Metric(WATER, "tan", "mg/L", 0, 100, "Tổng amoni", "Total ammonia nitrogen"),
          new Metric(WATER, "no2", "mg/L", 0, 100, "Nitrit", "Nitrite (NO2-N)"),
          new Metric(WATER, "turbidity", "[NTU]", 0, 4_000, "Độ đục", "Turbidity"),
          new Metric(WATER, "level", "m", -10, 20, "Mực nước", "Water level"),
          // Derived on ingest from tan, ph and temp of the same sample (DerivedReadings).
          new Metric(
              WATER, "nh3", "mg/L", 0, 100, "Amoniac tự do (NH3-N)", "Un-ionised ammonia (NH3-N)"),
          // Derived on ingest: DO extrapolated to 07:00 at night (NightOxygenProjection).
          new Metric(
              WATER,
              "do_projected",
              "mg/L",
              0,
              30,
              "Oxy hòa tan dự báo lúc 7 giờ",
              "DO forecast for 07:00"),
          // Derived on ingest: change over the last half hour, per hour (RateOfChange).
          new Metric(
              WATER, "do_rate", "mg/L/h", -100, 100, "Tốc độ thay đổi oxy", "DO rate of change"),
          new Metric(
              WATER,
              "salinity_rate",
              "[ppth]/h",
              -100,
              100,
              "Tốc độ thay đổi độ mặn",
              "Salinity rate of change"),
          // River monitoring stations (trạm quan trắc nước mặt): the VN_WQI parameters of group IV
          // they measure or take to the lab, and coliform (group V, lab, per 100 mL).
          new Metric(WATER, "cod", "mg/L", 0, 1_000, "COD", "COD"),
          new Metric(WATER, "bod5", "mg/L", 0, 1_000, "BOD5", "BOD5"),
          new Metric(WATER, "no3", "mg/L", 0, 500, "Nitrat (N-NO3)", "Nitrate (NO3-N)"),
          new Metric(WATER, "po4", "mg/L", 0, 100, "Phosphat (P-PO4)", "Phosphate (PO4-P)"),
          new Metric(WATER, "coliform", "/100mL", 0, 1e9, "Coliform", "Coliform"),
          // Computed hourly for river stations (HourlyWqi), Decision 1460/QĐ-TCMT.
          new Metric(WATER, "wqi", "1", 0, 100, "Chỉ số chất lượng nước VN_WQI", "VN_WQI"),
          // Derived on ingest too: highest minus lowest pH of the last 24 hours.
          new Metric(WATER, "ph_swing", "[pH]", 0, 14, "Dao động pH trong ngày", "Daily pH swing"));
}
