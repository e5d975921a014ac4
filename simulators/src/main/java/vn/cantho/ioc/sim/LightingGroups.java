package vn.cantho.ioc.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups the streetlights of each zone into control cabinets and circuits by proximity, and names
 * the street each cabinet lights: the grouping attributes a lighting feature commands by.
 *
 * <p>The lamps of a zone are split recursively along the longer side of their bounding box, at the
 * point that keeps the parts proportional to the number of cabinets each will hold, until a part
 * fits one cabinet; a cabinet is split the same way into 1–3 circuits. The result depends only on
 * the lamps' ids and positions and the seed, so a registry stays reproducible.
 */
final class LightingGroups {
  static final int MAX_PER_CABINET = 30;
  private static final int LAMPS_PER_CIRCUIT = 10;
  private static final int MAX_CIRCUITS = 3;

  /**
   * Common Vietnamese street names (heroes, dates, places). Labels for the simulation, not the real
   * street at a lamp's position.
   */
  private static final List<String> STREETS =
      List.of(
          "Đường Nguyễn Trãi",
          "Đường Trần Hưng Đạo",
          "Đường Lý Tự Trọng",
          "Đường Hai Bà Trưng",
          "Đường Lê Lợi",
          "Đường Nguyễn Văn Cừ",
          "Đường 30 Tháng 4",
          "Đường 3 Tháng 2",
          "Đường Mậu Thân",
          "Đường Trần Phú",
          "Đường Phan Đình Phùng",
          "Đường Quang Trung",
          "Đường Hùng Vương",
          "Đường Nguyễn Văn Linh",
          "Đường Võ Văn Kiệt",
          "Đường Cách Mạng Tháng 8",
          "Đường Lê Hồng Phong",
          "Đường Trần Quang Diệu",
          "Đường Nguyễn Thị Minh Khai",
          "Đường Ngô Quyền",
          "Đường Phạm Ngũ Lão",
          "Đường Huỳnh Thúc Kháng",
          "Đường Tầm Vu",
          "Đường Cái Sơn");

  /** Where one lamp belongs. */
  record Group(String cabinet, int circuit, String street) {}

  private record Lamp(String id, double lon, double lat) {}

  private LightingGroups() {}

  /** Lamp id → its group; {@code ids} and {@code placements} are parallel lists. */
  static Map<String, Group> assign(
      List<String> ids, List<RegistryGenerator.Placement> placements, long seed) {
    Map<String, List<Lamp>> byZone = new TreeMap<>();
    for (int i = 0; i < ids.size(); i++) {
      RegistryGenerator.Placement p = placements.get(i);
      byZone
          .computeIfAbsent(p.zone().id(), z -> new ArrayList<>())
          .add(new Lamp(ids.get(i), p.lon(), p.lat()));
    }
    Map<String, Group> groups = new HashMap<>();
    byZone.forEach(
        (zoneId, lamps) -> {
          List<List<Lamp>> cabinets = new ArrayList<>();
          int cabinetCount = ceilDiv(lamps.size(), MAX_PER_CABINET);
          split(lamps, cabinetCount, cabinets);
          List<String> streets = streetsFor(zoneId, cabinets.size(), seed);
          for (int c = 0; c < cabinets.size(); c++) {
            String cabinet = String.format(Locale.ROOT, "tu-%s-%02d", zoneId, c + 1);
            List<Lamp> members = cabinets.get(c);
            int circuitCount =
                Math.min(MAX_CIRCUITS, Math.max(1, ceilDiv(members.size(), LAMPS_PER_CIRCUIT)));
            List<List<Lamp>> circuits = new ArrayList<>();
            split(members, circuitCount, circuits);
            for (int k = 0; k < circuits.size(); k++) {
              for (Lamp lamp : circuits.get(k)) {
                groups.put(lamp.id(), new Group(cabinet, k + 1, streets.get(c)));
              }
            }
          }
        });
    return groups;
  }

  /** Splits {@code lamps} into {@code parts} spatially compact groups, appended in order. */
  private static void split(List<Lamp> lamps, int parts, List<List<Lamp>> out) {
    if (parts <= 1 || lamps.size() <= 1) {
      out.add(lamps);
      return;
    }
    double minLon = Double.MAX_VALUE;
    double maxLon = -Double.MAX_VALUE;
    double minLat = Double.MAX_VALUE;
    double maxLat = -Double.MAX_VALUE;
    for (Lamp l : lamps) {
      minLon = Math.min(minLon, l.lon());
      maxLon = Math.max(maxLon, l.lon());
      minLat = Math.min(minLat, l.lat());
      maxLat = Math.max(maxLat, l.lat());
    }
    Comparator<Lamp> along =
        maxLon - minLon >= maxLat - minLat
            ? Comparator.comparingDouble(Lamp::lon)
            : Comparator.comparingDouble(Lamp::lat);
    List<Lamp> sorted = new ArrayList<>(lamps);
    sorted.sort(along.thenComparing(Lamp::id));
    int leftParts = parts / 2;
    int cut = (int) Math.round((double) sorted.size() * leftParts / parts);
    split(sorted.subList(0, cut), leftParts, out);
    split(sorted.subList(cut, sorted.size()), parts - leftParts, out);
  }

  /** Distinct street labels for the cabinets of one zone, reproducible for the seed. */
  private static List<String> streetsFor(String zoneId, int cabinets, long seed) {
    int start =
        (int) (SeededNoise.uniform(SeededNoise.key(zoneId, "street"), seed) * STREETS.size());
    List<String> names = new ArrayList<>(cabinets);
    for (int c = 0; c < cabinets; c++) {
      String name = STREETS.get((start + c) % STREETS.size());
      int round = c / STREETS.size();
      names.add(round == 0 ? name : name + " (đoạn " + (round + 1) + ")");
    }
    return names;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
