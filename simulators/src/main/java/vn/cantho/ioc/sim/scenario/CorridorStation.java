package vn.cantho.ioc.sim.scenario;

import java.util.Objects;

/**
 * A detector station as the corridor scenario sees it: the loops across the lanes of one direction
 * at one place of a corridor (the traffic feature's stations, without the simulators depending on
 * that feature).
 *
 * @param chainageM distance along the corridor from its start, metres; a direction of travel may
 *     run towards lower chainage
 * @param position 0..n−1 in the direction of travel (0 is the most upstream station) among the
 *     stations of the same corridor and direction
 */
public record CorridorStation(
    String id, String corridor, String direction, double chainageM, int lanes, int position) {
  public CorridorStation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(corridor, "corridor");
    Objects.requireNonNull(direction, "direction");
    if (!Double.isFinite(chainageM)) {
      throw new IllegalArgumentException(id + ": chainage must be finite");
    }
    if (lanes < 1) {
      throw new IllegalArgumentException(id + ": a station has at least one lane");
    }
    if (position < 0) {
      throw new IllegalArgumentException(id + ": position must be 0 or more");
    }
  }
}
