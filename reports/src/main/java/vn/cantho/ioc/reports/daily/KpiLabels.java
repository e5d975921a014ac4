package vn.cantho.ioc.reports.daily;

import java.util.Locale;
import java.util.Map;
import vn.cantho.ioc.core.alert.Severity;

/**
 * The indicators' names in Vietnamese, as leaders read them. An indicator not named here (a
 * feature's new one) shows under its code rather than not at all.
 */
public final class KpiLabels {
  private static final Map<String, String> NAMES =
      Map.ofEntries(
          Map.entry("devices.total", "Thiết bị đã đăng ký"),
          Map.entry("devices.online", "Thiết bị đang trực tuyến"),
          Map.entry("alerts.open_over_24h", "Cảnh báo mở quá 24 giờ"),
          Map.entry("traffic.incidents_open", "Sự cố giao thông đang mở"),
          Map.entry("traffic.minutes_to_clear", "Thời gian xử lý sự cố trung bình (phút)"),
          Map.entry("lighting.lights_working", "Đèn đang hoạt động"),
          Map.entry("lighting.energy_saved_kwh", "Điện năng tiết kiệm (kWh)"),
          Map.entry("flood.warnings_24h", "Cảnh báo ngập trong 24 giờ qua"));

  /**
   * The VN_WQI classes of Decision 1460/QĐ-TCMT by the code the water feature gives them (its
   * {@code WqiClass} names in lower case); a feature's classes are not the kernel's to import.
   */
  private static final Map<String, String> WQI_CLASSES =
      Map.of(
          "very_good", "Rất tốt",
          "good", "Tốt",
          "medium", "Trung bình",
          "bad", "Xấu",
          "poor", "Kém",
          "very_heavily_polluted", "Ô nhiễm rất nặng");

  private static final String OPEN_ALERTS = "alerts.open.";
  private static final String WQI_SHARE = "water.wqi_class_share.";

  private KpiLabels() {}

  public static String of(String kpi) {
    String name = NAMES.get(kpi);
    if (name != null) {
      return name;
    }
    if (kpi.startsWith(OPEN_ALERTS)) {
      String level = kpi.substring(OPEN_ALERTS.length());
      for (Severity s : Severity.values()) {
        if (s.code().equals(level)) {
          return "Cảnh báo đang mở, " + s.labelVi().toLowerCase(Locale.ROOT);
        }
      }
    }
    if (kpi.startsWith(WQI_SHARE)) {
      String code = kpi.substring(WQI_SHARE.length());
      return "Tỷ lệ điểm đo WQI loại " + WQI_CLASSES.getOrDefault(code, code);
    }
    return kpi;
  }
}
