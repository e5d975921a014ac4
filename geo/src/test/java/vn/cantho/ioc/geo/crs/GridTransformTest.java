package vn.cantho.ioc.geo.crs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * VN-2000 ⇄ WGS84 (docs/vn2000.md): the official transformation in the right rotation convention
 * (checked against an independent coordinate-frame computation of EPSG 6960), published control
 * points, the TM-3 zone's defining properties, round trips.
 */
class GridTransformTest {
  private static final double A = 6378137.0; // the VN-2000 ellipsoid is WGS84's (QĐ 83/2000)
  private static final double F = 1 / 298.257223563;
  private static final double E2 = F * (2 - F);
  private static final double ARC_SECOND = Math.PI / (180 * 3600);
  private static final double METRES_PER_DEGREE = 111_320;

  /** Points in Can Tho (Ninh Kiều, Cái Răng, Ô Môn) in VN-2000 geographic, degrees. */
  private static final double[][] CAN_THO = {
    {105.78621574, 10.03501389}, {105.75821587, 10.00101377}, {105.62821491, 10.12101294}
  };

  @Test
  void vn2000ToWgs84IsTheOfficialTransformationInTheCoordinateFrameConvention() {
    for (double[] p : CAN_THO) {
      Coordinate proj4j = GridTransform.toWgs84(GridCrs.VN2000, p[0], p[1]);
      double[] frame = helmert(p[0], p[1], false);
      double[] vector = helmert(p[0], p[1], true);
      assertThat(metres(proj4j, frame, p[1]))
          .as("against EPSG 6960 computed here")
          .isLessThan(0.01);
      // The test can tell: the other convention lands half a metre away at Can Tho.
      assertThat(metres(proj4j, vector, p[1])).isGreaterThan(0.3);
    }
  }

  /**
   * Control points the Ministry of Transport published in both systems, to 0.1″ (±1.5 m): the
   * transformation (EPSG accuracy 1 m) lands within the published rounding.
   */
  @Test
  void publishedControlPointsAgreeToTheirPublishedPrecision() {
    // Khánh Hòa VP1, Thông tư 20/2019/TT-BGTVT (sea port waters of Khánh Hòa).
    assertPublished(dms(12, 33, 39.7), dms(109, 25, 53.6), dms(12, 33, 36.0), dms(109, 26, 0.0));
    // Hải Phòng A2, maritime notice HPG-11-2025 (VMS-North), Lạch Huyện container berth 3.
    assertPublished(dms(20, 47, 52.1), dms(106, 54, 28.6), dms(20, 47, 48.5), dms(106, 54, 35.4));
    // Đà Nẵng pilot boarding point O (Pilot Company 4).
    assertPublished(dms(16, 10, 3.7), dms(108, 10, 53.4), dms(16, 10, 0.0), dms(108, 11, 0.0));
  }

  /**
   * Nine points on the Hậu river in An Giang, Mekong delta, published in both systems to 0.01″ (≈
   * 0.3 m) by the southern maritime safety corporation: notice ANG-03-2019, anchorage depths on the
   * sông Hậu (VMS-South; table "Hệ VN 2000 | Hệ WGS-84"). The national transformation lands within
   * 0.5 m of each (both columns are rounded: up to ≈ 0.43 m is rounding alone), the round trip
   * returns within 1 cm, and so does the trip through Cần Thơ's TM-3 grid.
   */
  @Test
  void mekongDeltaPointsPublishedToAHundredthOfASecondAgreeWithinHalfAMetre() {
    double[][] points = { // VN-2000 φ, λ then WGS-84 φ, λ, each as d, m, s
      {10, 20, 40.05, 105, 28, 24.29, 10, 20, 36.40, 105, 28, 30.73},
      {10, 20, 43.29, 105, 28, 27.75, 10, 20, 39.65, 105, 28, 34.19},
      {10, 20, 49.43, 105, 28, 21.87, 10, 20, 45.79, 105, 28, 28.30},
      {10, 20, 46.19, 105, 28, 18.41, 10, 20, 42.54, 105, 28, 24.85},
      {10, 20, 52.33, 105, 28, 12.53, 10, 20, 48.68, 105, 28, 18.96},
      {10, 20, 55.57, 105, 28, 15.99, 10, 20, 51.93, 105, 28, 22.42},
      {10, 20, 57.64, 105, 28, 14.00, 10, 20, 53.99, 105, 28, 20.44},
      {10, 20, 54.39, 105, 28, 10.55, 10, 20, 50.75, 105, 28, 16.98},
      {10, 21, 1.00, 105, 28, 4.21, 10, 20, 57.36, 105, 28, 10.64},
    };
    for (double[] p : points) {
      double vnLat = dms((int) p[0], (int) p[1], p[2]);
      double vnLon = dms((int) p[3], (int) p[4], p[5]);
      double wgsLat = dms((int) p[6], (int) p[7], p[8]);
      double wgsLon = dms((int) p[9], (int) p[10], p[11]);
      Coordinate computed = GridTransform.toWgs84(GridCrs.VN2000, vnLon, vnLat);
      assertThat(metres(computed, new double[] {wgsLon, wgsLat}, wgsLat))
          .as("%s against its published WGS-84", java.util.Arrays.toString(p))
          .isLessThan(0.5);
      Coordinate back = GridTransform.fromWgs84(GridCrs.VN2000, wgsLon, wgsLat);
      assertThat(metres(back, new double[] {vnLon, vnLat}, vnLat))
          .as("published WGS-84 back to its published VN-2000")
          .isLessThan(0.5);
      Coordinate grid = GridTransform.fromWgs84(GridCrs.VN2000_TM3_105, computed.x, computed.y);
      Coordinate again = GridTransform.toWgs84(GridCrs.VN2000_TM3_105, grid.x, grid.y);
      assertThat(metres(again, new double[] {computed.x, computed.y}, wgsLat))
          .as("through the TM-3 grid and back")
          .isLessThan(0.01);
    }
  }

  private static void assertPublished(double vnLat, double vnLon, double wgsLat, double wgsLon) {
    Coordinate computed = GridTransform.toWgs84(GridCrs.VN2000, vnLon, vnLat);
    assertThat(metres(computed, new double[] {wgsLon, wgsLat}, wgsLat)).isLessThan(2.0);
    Coordinate back = GridTransform.fromWgs84(GridCrs.VN2000, computed.x, computed.y);
    assertThat(metres(back, new double[] {vnLon, vnLat}, vnLat)).as("round trip").isLessThan(0.001);
  }

  /** What defines the TM-3 zone: false easting on the central meridian, scale 0.9999 there. */
  @Test
  void theTm3ZoneOfCanThoHasItsDefiningProperties() {
    // A point on VN-2000's meridian 105° (its WGS84 longitude differs by about 6″).
    Coordinate wgs = GridTransform.toWgs84(GridCrs.VN2000, 105.0, 10.0);
    Coordinate onMeridian = GridTransform.fromWgs84(GridCrs.VN2000_TM3_105, wgs.x, wgs.y);
    assertThat(onMeridian.x).isCloseTo(500_000, within(0.001));
    // Same meridian, same datum: UTM 48N differs only by its scale (0.9996 against 0.9999).
    Coordinate utm = GridTransform.fromWgs84(GridCrs.VN2000_UTM48N, wgs.x, wgs.y);
    assertThat(utm.y / onMeridian.y).isCloseTo(0.9996 / 0.9999, within(1e-9));
    Coordinate east = GridTransform.fromWgs84(GridCrs.VN2000_TM3_105, 105.788, 10.034);
    Coordinate eastUtm = GridTransform.fromWgs84(GridCrs.VN2000_UTM48N, 105.788, 10.034);
    assertThat((eastUtm.x - 500_000) / (east.x - 500_000)).isCloseTo(0.9996 / 0.9999, within(1e-9));
    // Ninh Kiều as a separate implementation (EPSG 6960 inverse, then a 6th-order Krüger series)
    // computed it, not a published value: agreement to the centimetre.
    assertThat(east.x).isCloseTo(586_184.889, within(0.01));
    assertThat(east.y).isCloseTo(1_109_719.714, within(0.01));
    // Former Sóc Trăng's zone is half a degree (about 54.8 km here) further east.
    Coordinate socTrang = GridTransform.fromWgs84(GridCrs.VN2000_TM3_105_30, 105.788, 10.034);
    assertThat(east.x - socTrang.x)
        .isCloseTo(0.5 * METRES_PER_DEGREE * Math.cos(Math.toRadians(10.034)), within(200.0));
  }

  @Test
  void pointsAndGeometriesRoundTripThroughEveryGrid() {
    GeometryFactory geometries = new GeometryFactory();
    Geometry ward =
        geometries.createPolygon(
            new Coordinate[] {
              new Coordinate(105.77, 10.02),
              new Coordinate(105.79, 10.02),
              new Coordinate(105.79, 10.04),
              new Coordinate(105.77, 10.02)
            });
    for (GridCrs crs : GridCrs.values()) {
      Geometry there = GridTransform.fromWgs84(crs, ward);
      Geometry back = GridTransform.toWgs84(crs, there);
      for (int i = 0; i < ward.getNumPoints(); i++) {
        Coordinate a = ward.getCoordinates()[i];
        Coordinate b = back.getCoordinates()[i];
        assertThat(metres(b, new double[] {a.x, a.y}, a.y)).as(crs.name()).isLessThan(0.001);
      }
      if (crs.projected()) {
        assertThat(there.getCoordinates()[0].x).as(crs + " in metres").isGreaterThan(100_000);
      }
    }
    assertThat(ward.getCoordinates()[0].x).as("the input is left alone").isEqualTo(105.77);
  }

  @Test
  void crsNamesAreReadAsFilesAndQueriesWriteThem() {
    assertThat(GridCrs.parse("EPSG:5897")).contains(GridCrs.VN2000_TM3_105);
    assertThat(GridCrs.parse("urn:ogc:def:crs:EPSG::9209")).contains(GridCrs.VN2000_TM3_105_30);
    assertThat(GridCrs.parse("http://www.opengis.net/def/crs/EPSG/0/4756"))
        .contains(GridCrs.VN2000);
    assertThat(GridCrs.parse("urn:ogc:def:crs:OGC:1.3:CRS84")).contains(GridCrs.WGS84);
    assertThat(GridCrs.parse("EPSG:3857")).isEmpty();
    assertThat(GridCrs.parse("5897")).isEmpty();
    assertThatThrownBy(() -> GridTransform.toWgs84(GridCrs.VN2000, Double.NaN, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * EPSG 9607 (coordinate frame) or, wrongly for these parameters, 9606 (position vector), written
   * out here independently of proj4j: geographic → geocentric, the seven parameters, back.
   */
  private static double[] helmert(double lon, double lat, boolean positionVector) {
    double phi = Math.toRadians(lat);
    double lambda = Math.toRadians(lon);
    double n = A / Math.sqrt(1 - E2 * Math.sin(phi) * Math.sin(phi));
    double x = n * Math.cos(phi) * Math.cos(lambda);
    double y = n * Math.cos(phi) * Math.sin(lambda);
    double z = n * (1 - E2) * Math.sin(phi);
    double sign = positionVector ? -1 : 1;
    double rx = sign * -0.00928836 * ARC_SECOND;
    double ry = sign * 0.01975479 * ARC_SECOND;
    double rz = sign * -0.00427372 * ARC_SECOND;
    double m = 1 + 0.252906278e-6;
    double xt = m * (x + rz * y - ry * z) - 191.90441429;
    double yt = m * (-rz * x + y + rx * z) - 39.30318279;
    double zt = m * (ry * x - rx * y + z) - 111.45032835;
    double p = Math.hypot(xt, yt);
    double latT = Math.atan2(zt, p * (1 - E2));
    for (int i = 0; i < 10; i++) {
      double nt = A / Math.sqrt(1 - E2 * Math.sin(latT) * Math.sin(latT));
      double h = p / Math.cos(latT) - nt;
      latT = Math.atan2(zt, p * (1 - E2 * nt / (nt + h)));
    }
    return new double[] {Math.toDegrees(Math.atan2(yt, xt)), Math.toDegrees(latT)};
  }

  private static double metres(Coordinate c, double[] lonLat, double lat) {
    double dn = (c.y - lonLat[1]) * METRES_PER_DEGREE;
    double de = (c.x - lonLat[0]) * METRES_PER_DEGREE * Math.cos(Math.toRadians(lat));
    return Math.hypot(dn, de);
  }

  private static double dms(int degrees, int minutes, double seconds) {
    return degrees + minutes / 60.0 + seconds / 3600.0;
  }
}
