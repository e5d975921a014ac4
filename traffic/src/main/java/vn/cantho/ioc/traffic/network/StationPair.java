package vn.cantho.ioc.traffic.network;

/** Two adjacent stations of one corridor and direction, in the direction of travel. */
public record StationPair(Station upstream, Station downstream) {
  public double spacingM() {
    return Math.abs(downstream.chainageM() - upstream.chainageM());
  }
}
