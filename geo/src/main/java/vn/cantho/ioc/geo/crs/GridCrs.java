package vn.cantho.ioc.geo.crs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The coordinate reference systems the IOC reads and writes (docs/vn2000.md): WGS84, in which it
 * stores everything and GPS devices report, and the national VN-2000 (QĐ 83/2000/QĐ-TTg) in which
 * Can Tho's land and planning offices keep their maps: geographic, the 3° TM zones of the city
 * (central meridian 105°00′; 105°30′ in the former Sóc Trăng province) and UTM 48N.
 *
 * <p>VN-2000 to WGS84 is the official seven-parameter transformation of QĐ 05/2007/QĐ-BTNMT, which
 * EPSG records as transformation 6960 in the coordinate-frame convention. proj4's {@code +towgs84}
 * takes the position-vector convention, so the three rotations appear here with their signs
 * flipped; the test checks that against an independent coordinate-frame computation.
 */
public enum GridCrs {
  WGS84(4326, "+proj=longlat +datum=WGS84 +no_defs", false),
  VN2000(4756, "+proj=longlat +ellps=WGS84 " + GridCrs.TOWGS84 + " +no_defs", false),
  /** "VN-2000 / TM-3 zone 482": central meridian 105°00′, Can Tho city and former Hậu Giang. */
  VN2000_TM3_105(5897, tm3(105.0), true),
  /** "VN-2000 / TM-3 105-30": central meridian 105°30′, the former Sóc Trăng province. */
  VN2000_TM3_105_30(9209, tm3(105.5), true),
  VN2000_UTM48N(
      3405, "+proj=utm +zone=48 +ellps=WGS84 " + GridCrs.TOWGS84 + " +units=m +no_defs", true);

  /**
   * QĐ 05/2007/QĐ-BTNMT: Δx −191.90441429 m, Δy −39.30318279 m, Δz −111.45032835 m, ω −0.00928836″,
   * ψ +0.01975479″, ε −0.00427372″, k 1.000000252906278 (EPSG 6960, coordinate frame); the
   * rotations negated for proj4's position-vector convention.
   */
  static final String TOWGS84 =
      "+towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,"
          + "0.252906278";

  private final int epsg;
  private final String proj4;
  private final boolean projected;

  GridCrs(int epsg, String proj4, boolean projected) {
    this.epsg = epsg;
    this.proj4 = proj4;
    this.projected = projected;
  }

  /** The TM-3 zone of a central meridian: scale 0.9999, false easting 500 km (TT 973/2001). */
  private static String tm3(double centralMeridian) {
    return "+proj=tmerc +lat_0=0 +lon_0="
        + centralMeridian
        + " +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 "
        + TOWGS84
        + " +units=m +no_defs";
  }

  public int epsg() {
    return epsg;
  }

  /** {@code EPSG:5897}. */
  public String code() {
    return "EPSG:" + epsg;
  }

  /** Metres (easting, northing) rather than degrees (longitude, latitude). */
  public boolean projected() {
    return projected;
  }

  String proj4() {
    return proj4;
  }

  /**
   * A CRS as files and queries name it: {@code EPSG:5897}, {@code urn:ogc:def:crs:EPSG::5897},
   * {@code http://www.opengis.net/def/crs/EPSG/0/5897}, or {@code CRS84} for WGS84 in GeoJSON's
   * longitude-first order.
   */
  public static Optional<GridCrs> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.strip().toUpperCase(Locale.ROOT);
    if (n.endsWith("CRS84")) {
      return Optional.of(WGS84);
    }
    String digits = n.replaceFirst("^.*(?:EPSG:+|EPSG/0/)", "");
    if (digits.equals(n) || !digits.matches("\\d{4,5}")) {
      return Optional.empty();
    }
    int code = Integer.parseInt(digits);
    return Arrays.stream(values()).filter(c -> c.epsg == code).findFirst();
  }
}
