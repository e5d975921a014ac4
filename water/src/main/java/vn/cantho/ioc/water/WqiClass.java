package vn.cantho.ioc.water;

/**
 * The six VN_WQI classes of Decision 1460/QĐ-TCMT with their colours and uses (docs/domain.md §2.5:
 * classes ✅, colours after the first ⚠).
 */
public enum WqiClass {
  VERY_GOOD(91, "Rất tốt", "Very good", "#3333FF", "Sử dụng tốt cho mục đích cấp nước sinh hoạt"),
  GOOD(76, "Tốt", "Good", "#00E400", "Sử dụng cho cấp nước sinh hoạt nhưng cần xử lý phù hợp"),
  MEDIUM(51, "Trung bình", "Medium", "#FFFF00", "Sử dụng cho tưới tiêu và mục đích tương đương"),
  BAD(26, "Xấu", "Bad", "#FF7E00", "Sử dụng cho giao thông thủy và mục đích tương đương"),
  POOR(10, "Kém", "Poor", "#FF0000", "Nước ô nhiễm nặng, cần xử lý trong tương lai"),
  VERY_HEAVILY_POLLUTED(
      0, "Ô nhiễm rất nặng", "Very heavily polluted", "#7E0023", "Nước nhiễm độc, cần khắc phục");

  private final int from;
  private final String vi;
  private final String en;
  private final String colour;
  private final String useVi;

  WqiClass(int from, String vi, String en, String colour, String useVi) {
    this.from = from;
    this.vi = vi;
    this.en = en;
    this.colour = colour;
    this.useVi = useVi;
  }

  public static WqiClass of(int wqi) {
    for (WqiClass c : values()) {
      if (wqi >= c.from) {
        return c;
      }
    }
    return VERY_HEAVILY_POLLUTED;
  }

  /** Its code in the API and in the leaders' indicators: {@code very_good} … */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public String labelVi() {
    return vi;
  }

  public String labelEn() {
    return en;
  }

  /** RGB as {@code #RRGGBB}. */
  public String colour() {
    return colour;
  }

  public String suitableUseVi() {
    return useVi;
  }
}
