package vn.cantho.ioc.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.sim.scenario.CorridorStation;
import vn.cantho.ioc.traffic.network.NetworkStore;
import vn.cantho.ioc.traffic.network.RoadNetwork;
import vn.cantho.ioc.traffic.network.Station;

/**
 * Ties the traffic feature's road network to the simulators, which know nothing of the feature:
 * each station gets one simulated detector across its lanes, and the corridor scenario gets the
 * stations in their order of travel.
 */
final class TrafficNetworks {
  private TrafficNetworks() {}

  /** The detector device of a station that has none of its own: one loop group across the lanes. */
  static String deviceOf(Station s) {
    return s.devices().isEmpty() ? "tf-" + s.id() : s.devices().get(0);
  }

  /** The network with every station reporting through {@link #deviceOf}. */
  static RoadNetwork withDevices(RoadNetwork network) {
    List<Station> stations = new ArrayList<>();
    for (Station s : network.stations()) {
      stations.add(
          new Station(
              s.id(),
              s.corridor(),
              s.direction(),
              s.chainageM(),
              s.lanes(),
              s.lon(),
              s.lat(),
              List.of(deviceOf(s))));
    }
    return new RoadNetwork(network.corridors(), stations);
  }

  /** The stations as the corridor scenario sees them, numbered upstream to downstream. */
  static List<CorridorStation> scenarioStations(RoadNetwork network) {
    Map<String, Station> upstreamOf = new HashMap<>();
    network.pairs(Double.MAX_VALUE).forEach(p -> upstreamOf.put(p.downstream().id(), p.upstream()));
    List<CorridorStation> out = new ArrayList<>();
    for (Station s : network.stations()) {
      int position = 0; // how many stations lie upstream of it on its corridor and direction
      for (Station up = upstreamOf.get(s.id()); up != null; up = upstreamOf.get(up.id())) {
        position++;
      }
      out.add(
          new CorridorStation(
              s.id(), s.corridor(), s.direction(), s.chainageM(), s.lanes(), position));
    }
    return out;
  }

  /** The bundled demo network (seven real roads and bridges of Can Tho, approximate alignments). */
  static RoadNetwork demo() {
    return NetworkStore.demo();
  }
}
