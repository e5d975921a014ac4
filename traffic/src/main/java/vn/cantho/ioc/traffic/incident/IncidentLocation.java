package vn.cantho.ioc.traffic.incident;

/**
 * Where an incident is: a point, and where it lies on the road network when it lies on it.
 *
 * @param corridor the corridor's id, or null off the network
 * @param direction the direction of travel's code, or null when the reporter did not say
 * @param chainageM metres along the corridor from its start, or null off the network
 * @param segment the segment's id (its upstream station), which reports must share to merge; null
 *     off the network
 */
public record IncidentLocation(
    double lon, double lat, String corridor, String direction, Double chainageM, String segment) {
  public IncidentLocation {
    if (!Double.isFinite(lon) || !Double.isFinite(lat)) {
      throw new IllegalArgumentException("an incident needs finite coordinates");
    }
  }
}
