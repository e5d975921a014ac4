package vn.cantho.ioc.traffic.network;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The corridors and their stations, and the station pairs detection runs on. */
public record RoadNetwork(List<Corridor> corridors, List<Station> stations) {
  public RoadNetwork {
    corridors = List.copyOf(corridors);
    stations = List.copyOf(stations);
  }

  /**
   * Adjacent stations of each corridor and direction, upstream first, at most {@code maxSpacingM}
   * apart: further apart, an incident between them is too easily missed to decide on (a pair
   * bridges a gap only up to the limit).
   */
  public List<StationPair> pairs(double maxSpacingM) {
    Map<String, List<Station>> byRoadAndWay = new TreeMap<>();
    for (Station s : stations) {
      byRoadAndWay
          .computeIfAbsent(s.corridor() + "/" + s.direction(), k -> new ArrayList<>())
          .add(s);
    }
    List<StationPair> pairs = new ArrayList<>();
    for (List<Station> way : byRoadAndWay.values()) {
      Station first = way.get(0);
      boolean increasing = corridor(first.corridor()).directions().get(first.direction());
      Comparator<Station> travel = Comparator.comparingDouble(Station::chainageM);
      way.sort(increasing ? travel : travel.reversed());
      for (int i = 0; i + 1 < way.size(); i++) {
        StationPair pair = new StationPair(way.get(i), way.get(i + 1));
        if (pair.spacingM() <= maxSpacingM) {
          pairs.add(pair);
        }
      }
    }
    return pairs;
  }

  public Corridor corridor(String id) {
    return corridors.stream()
        .filter(c -> c.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no corridor " + id));
  }
}
