package vn.cantho.ioc.sharing.export;

import java.util.Locale;
import java.util.Optional;

/** How an export is written, as {@code ?format=} names it. */
public enum ExportFormat {
  CSV("text/csv; charset=utf-8"),
  JSON("application/json; charset=utf-8"),
  GEOJSON("application/geo+json; charset=utf-8");

  private final String contentType;

  ExportFormat(String contentType) {
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ExportFormat> of(String code) {
    for (ExportFormat f : values()) {
      if (f.code().equals(code)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
