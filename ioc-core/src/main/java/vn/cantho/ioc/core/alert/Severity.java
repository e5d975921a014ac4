package vn.cantho.ioc.core.alert;

import java.util.Locale;

/** The three levels of Vietnamese farmer alerts (cấp 1/2/3), from least to most severe. */
public enum Severity {
  /** Cấp 1: watch closely, prepare. */
  WATCH("Cấp 1 – theo dõi", "Level 1 – watch"),
  /** Cấp 2: act. */
  WARNING("Cấp 2 – cảnh báo", "Level 2 – warning"),
  /** Cấp 3: act now, stock is at risk. */
  CRITICAL("Cấp 3 – nguy hiểm", "Level 3 – critical");

  private final String vi;
  private final String en;

  Severity(String vi, String en) {
    this.vi = vi;
    this.en = en;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String labelVi() {
    return vi;
  }

  public String labelEn() {
    return en;
  }
}
