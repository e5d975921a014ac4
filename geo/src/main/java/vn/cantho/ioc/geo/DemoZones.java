package vn.cantho.ioc.geo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The 103 communes and wards of Can Tho (2025 structure) bundled as demo data. Their licence is
 * unclear (see NOTICE-communes.md beside the file), so they are only a default: a city imports its
 * own official layer instead.
 */
public final class DemoZones {
  public static final String RESOURCE = "can-tho-communes.geojson";

  /** Must be shown wherever the demo boundaries are shown (NOTICE-communes.md). */
  public static final String ATTRIBUTION =
      "Ranh giới hành chính cấp xã TP. Cần Thơ (2025): dữ liệu từ Bản đồ đơn vị hành chính"
          + " sapnhap.bando.com.vn (NXB Tài nguyên – Môi trường và Bản đồ Việt Nam), qua dự án"
          + " vietnamese-provinces-database © 2021 Thang Le Quoc (MIT). Tên và mã ĐVHC theo Công"
          + " văn 1027/CTK-CSCL và Nghị quyết 1668/NQ-UBTVQH15. Đã đơn giản hoá hình học.";

  private DemoZones() {}

  public static List<Zone> load() {
    try (InputStream in = DemoZones.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("bundled zone file missing: " + RESOURCE);
      }
      return GeoJsonZones.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
