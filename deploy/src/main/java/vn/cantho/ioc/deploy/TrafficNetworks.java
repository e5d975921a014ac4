package vn.cantho.ioc.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.sim.scenario.CorridorStation;
import vn.cantho.ioc.traffic.detect.DetectionMethod;
import vn.cantho.ioc.traffic.network.CorridorFile;
import vn.cantho.ioc.traffic.network.NetworkStore;
import vn.cantho.ioc.traffic.network.RoadNetwork;
import vn.cantho.ioc.traffic.network.Station;

/**
 * Ties the traffic feature's road network to the simulators, which know nothing of the feature:
 * each station gets one simulated detector across its lanes, and the corridor scenario gets the
 * stations in their order of travel.
 */
final class TrafficNetworks {
  private static final ObjectMapper JSON = new ObjectMapper();

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

  /**
   * The bundled corridor file with each station's detector tied to it and every corridor running
   * every method: what the benchmark imports, so both methods judge the same minutes.
   */
  static String benchFile(RoadNetwork network) throws IOException {
    Map<String, List<String>> tied = new HashMap<>();
    network.stations().forEach(s -> tied.put(s.id(), List.of(deviceOf(s))));
    JsonNode root = JSON.readTree(CorridorFile.tieDevices(NetworkStore.demoFile(), tied));
    for (JsonNode f : root.path("features")) {
      if ("corridor".equals(f.at("/properties/kind").asText())) {
        ArrayNode methods = ((ObjectNode) f.path("properties")).putArray("methods");
        for (DetectionMethod m : DetectionMethod.values()) {
          methods.add(m.code());
        }
      }
    }
    return JSON.writeValueAsString(root);
  }
}
