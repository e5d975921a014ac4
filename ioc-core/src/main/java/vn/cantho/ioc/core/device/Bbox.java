package vn.cantho.ioc.core.device;

/** A lon/lat box as the API takes it: {@code minLon,minLat,maxLon,maxLat}. */
public record Bbox(double minLon, double minLat, double maxLon, double maxLat) {

  public Bbox {
    if (!(minLon <= maxLon && minLat <= maxLat)) {
      throw new IllegalArgumentException(
          "bbox must be minLon,minLat,maxLon,maxLat with min <= max");
    }
  }

  public static Bbox parse(String text) {
    String[] parts = text.split(",", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("bbox must have 4 numbers: minLon,minLat,maxLon,maxLat");
    }
    double[] v = new double[4];
    for (int i = 0; i < 4; i++) {
      try {
        v[i] = Double.parseDouble(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bbox value is not a number: " + parts[i], e);
      }
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException("bbox value is not finite: " + parts[i]);
      }
    }
    return new Bbox(v[0], v[1], v[2], v[3]);
  }

  public boolean contains(double lon, double lat) {
    return lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat;
  }
}
