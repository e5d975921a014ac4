package vn.cantho.ioc.reports.daily;

import java.util.List;

/**
 * The report's domain pages, in the order leaders read them. The indicators are the kernel's
 * ({@code KernelKpis}) and the features' ({@code IocFeature#kpiSources}); water's are named by
 * class ({@code water.wqi_class_share.<class>}), so none is listed as expected.
 */
public final class ReportDomains {
  public static final ReportDomain DEVICES_AND_ALERTS =
      new ReportDomain(
          "Thiết bị & cảnh báo",
          List.of("devices.", "alerts."),
          List.of(
              "devices.total",
              "devices.online",
              "alerts.open.watch",
              "alerts.open.warning",
              "alerts.open.critical",
              "alerts.open_over_24h"),
          List.of("alerts.open."),
          "Cảnh báo đang mở theo cấp");

  public static final ReportDomain WATER =
      new ReportDomain(
          "Chất lượng nước",
          List.of("water."),
          List.of(),
          List.of("water.wqi_class_share."),
          "Tỷ lệ điểm đo theo loại VN_WQI");

  public static final ReportDomain TRAFFIC =
      new ReportDomain(
          "Giao thông",
          List.of("traffic."),
          List.of("traffic.incidents_open", "traffic.minutes_to_clear"),
          List.of("traffic.incidents_open"),
          "Sự cố giao thông đang mở");

  public static final ReportDomain LIGHTING =
      new ReportDomain(
          "Chiếu sáng",
          List.of("lighting."),
          List.of("lighting.lights_working", "lighting.energy_saved_kwh"),
          List.of("lighting.lights_working"),
          "Đèn đang hoạt động");

  public static final ReportDomain FLOOD =
      new ReportDomain(
          "Ngập lụt",
          List.of("flood."),
          List.of("flood.warnings_24h"),
          List.of("flood.warnings_24h"),
          "Cảnh báo ngập trong 24 giờ qua");

  public static final List<ReportDomain> ALL =
      List.of(DEVICES_AND_ALERTS, WATER, TRAFFIC, LIGHTING, FLOOD);

  private ReportDomains() {}
}
