package vn.cantho.ioc.sim;

import java.util.Arrays;

/**
 * Where a water-quality probe sits. The shares follow the mix of aquaculture in Can Tho: pangasius
 * (cá tra) ponds along the Hau river, brackish shrimp ponds in the former Soc Trang area, and fish
 * cages moored in rivers.
 */
public enum WaterSiteType {
  PANGASIUS_POND("pangasius_pond", "Ao cá tra", 0.40),
  SHRIMP_POND("shrimp_pond", "Ao tôm", 0.35),
  RIVER_CAGE("river_cage", "Lồng bè cá", 0.25);

  private final String code;
  private final String vietnameseLabel;
  private final double share;

  WaterSiteType(String code, String vietnameseLabel, double share) {
    this.code = code;
    this.vietnameseLabel = vietnameseLabel;
    this.share = share;
  }

  /** The value of {@link SimDevice#type()} for probes at this kind of site. */
  public String code() {
    return code;
  }

  public String vietnameseLabel() {
    return vietnameseLabel;
  }

  /** Fraction of the water probes placed at this kind of site. */
  public double share() {
    return share;
  }

  public static WaterSiteType of(String code) {
    return Arrays.stream(values())
        .filter(t -> t.code.equals(code))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown water site type: " + code));
  }
}
