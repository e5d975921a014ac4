package vn.cantho.ioc.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.cantho.ioc.geo.DemoZones;
import vn.cantho.ioc.geo.Zone;
import vn.cantho.ioc.geo.ZoneIndex;

class RegistryGeneratorTest {
  private static final Clock FIXED =
      Clock.fixed(Instant.parse("2026-11-23T06:00:00Z"), ZoneOffset.UTC);

  private static List<Zone> zones;
  private static ZoneIndex index;
  private static Registry registry;

  @BeforeAll
  static void generateDefaultFleet() {
    zones = DemoZones.load();
    index = new ZoneIndex(zones);
    registry = new RegistryGenerator(zones, 2026, FIXED).generate();
  }

  @Test
  void generatesTheDefaultCountsPerDomain() {
    Map<String, Long> perDomain =
        registry.devices().stream()
            .collect(Collectors.groupingBy(SimDevice::domain, Collectors.counting()));

    assertThat(perDomain)
        .containsOnly(
            Map.entry("water", 200L), Map.entry("traffic", 300L), Map.entry("lighting", 2_000L));
    assertThat(registry.seed()).isEqualTo(2026L);
    assertThat(registry.generatedAt()).isEqualTo(Instant.parse("2026-11-23T06:00:00Z"));
  }

  @Test
  void honoursACustomFleetSize() {
    Registry small = new RegistryGenerator(zones, 7, FIXED).generate(new FleetSize(3, 2, 5));

    assertThat(small.devices())
        .extracting(SimDevice::id)
        .containsExactly(
            "wq-0001", "wq-0002", "wq-0003", "tf-0001", "tf-0002", "sl-0001", "sl-0002", "sl-0003",
            "sl-0004", "sl-0005");
  }

  @Test
  void idsAreUniqueAndFollowTheNamingScheme() {
    List<String> ids = registry.devices().stream().map(SimDevice::id).toList();

    assertThat(ids).doesNotHaveDuplicates();
    assertThat(ids).allMatch(id -> id.matches("(wq|tf|sl)-\\d{4}"));
    assertThat(ids).contains("wq-0200", "tf-0300", "sl-2000");
  }

  @Test
  void everyDeviceStandsInsideACanThoZoneOfTheRightType() {
    for (SimDevice device : registry.devices()) {
      Zone zone =
          index
              .locate(device.lon(), device.lat())
              .orElseThrow(() -> new AssertionError(device.id() + " lies outside every zone"));
      switch (device.domain()) {
        case "water" -> assertThat(zone.type()).as(device.id()).isEqualTo("xa");
        case "traffic" -> assertThat(zone.type()).as(device.id()).isEqualTo("phuong");
        default -> assertThat(zone.type()).as(device.id()).isIn("phuong", "xa");
      }
      assertThat(device.name()).as(device.id()).endsWith(" – " + zone.name());
    }
  }

  @Test
  void placesFourFifthsOfTheStreetlightsInUrbanWards() {
    long inWards =
        lighting().stream()
            .filter(d -> index.locate(d.lon(), d.lat()).orElseThrow().type().equals("phuong"))
            .count();

    assertThat(inWards).isEqualTo(1_600);
  }

  @Test
  void splitsWaterProbesBetweenPondsAndCages() {
    Map<String, Long> perType =
        registry.devices().stream()
            .filter(d -> d.domain().equals("water"))
            .collect(Collectors.groupingBy(SimDevice::type, Collectors.counting()));

    assertThat(perType)
        .containsOnly(
            Map.entry("pangasius_pond", 80L),
            Map.entry("shrimp_pond", 70L),
            Map.entry("river_cage", 50L));
  }

  @Test
  void namesDevicesInVietnameseWithTheirNumber() {
    Map<String, SimDevice> byId =
        registry.devices().stream().collect(Collectors.toMap(SimDevice::id, Function.identity()));

    assertThat(byId.get("tf-0001").name()).startsWith("Đầu đo giao thông 0001 – Phường ");
    assertThat(byId.get("sl-0042").name()).startsWith("Đèn đường 0042 – ");
    SimDevice probe = byId.get("wq-0007");
    String label = WaterSiteType.of(probe.type()).vietnameseLabel();
    assertThat(probe.name()).startsWith(label + " 0007 – Xã ");
  }

  @Test
  void usesTheReportIntervalOfEachDomain() {
    assertThat(registry.devices())
        .allSatisfy(
            d ->
                assertThat(d.reportIntervalS())
                    .isEqualTo(DeviceDomain.of(d.domain()).reportIntervalS()));
  }

  @Test
  void roundsCoordinatesToSixDecimals() {
    assertThat(registry.devices())
        .allSatisfy(
            d -> {
              assertThat(BigDecimal.valueOf(d.lon()).scale()).isLessThanOrEqualTo(6);
              assertThat(BigDecimal.valueOf(d.lat()).scale()).isLessThanOrEqualTo(6);
            });
  }

  @Test
  void givesLampsARatedPowerAndMarksAboutOnePercentFaulty() {
    assertThat(lighting())
        .allSatisfy(
            d ->
                assertThat(d.numberAttribute(RegistryGenerator.RATED_POWER_W, -1))
                    .isBetween(60.0, 150.0));
    long faulty =
        lighting().stream()
            .filter(d -> d.textAttribute(RegistryGenerator.SIMULATED_FAULT).isPresent())
            .count();
    assertThat(faulty).isEqualTo(20);
  }

  @Test
  void groupsLampsOfOneZoneIntoCabinetsOfAtMostThirtyWithUpToThreeCircuits() {
    Map<String, List<SimDevice>> byCabinet =
        lighting().stream()
            .collect(
                Collectors.groupingBy(
                    d -> d.textAttribute(RegistryGenerator.CABINET).orElseThrow()));

    assertThat(byCabinet.keySet()).allMatch(id -> id.matches("tu-[^-]+-\\d{2}"));
    assertThat(byCabinet)
        .allSatisfy(
            (cabinet, lamps) -> {
              assertThat(lamps).as(cabinet).hasSizeBetween(1, 30);
              assertThat(lamps)
                  .as(cabinet)
                  .allSatisfy(
                      d -> {
                        Zone zone = index.locate(d.lon(), d.lat()).orElseThrow();
                        assertThat(cabinet).startsWith("tu-" + zone.id() + "-");
                        assertThat(d.numberAttribute(RegistryGenerator.CIRCUIT, -1))
                            .isBetween(1.0, 3.0);
                        assertThat(d.textAttribute(RegistryGenerator.LAMP_TYPE)).contains("LED");
                      });
              assertThat(
                      lamps.stream()
                          .map(d -> d.textAttribute(RegistryGenerator.STREET).orElseThrow())
                          .distinct())
                  .as(cabinet)
                  .singleElement()
                  .asString()
                  .startsWith("Đường ");
            });
    // Grouped by proximity: where a zone needs several cabinets, each covers a part of it.
    Map<String, List<SimDevice>> byZone =
        lighting().stream()
            .collect(Collectors.groupingBy(d -> index.locate(d.lon(), d.lat()).orElseThrow().id()));
    byCabinet.forEach(
        (cabinet, lamps) -> {
          List<SimDevice> zoneLamps = byZone.get(cabinet.substring(3, cabinet.lastIndexOf('-')));
          if (zoneLamps.size() > 30) {
            assertThat(spanKm(lamps)).as(cabinet).isLessThan(spanKm(zoneLamps));
          }
        });
  }

  private static double spanKm(List<SimDevice> lamps) {
    double lonSpan =
        lamps.stream().mapToDouble(SimDevice::lon).max().orElseThrow()
            - lamps.stream().mapToDouble(SimDevice::lon).min().orElseThrow();
    double latSpan =
        lamps.stream().mapToDouble(SimDevice::lat).max().orElseThrow()
            - lamps.stream().mapToDouble(SimDevice::lat).min().orElseThrow();
    return Math.max(lonSpan, latSpan) * 111;
  }

  @Test
  void givesDetectorsTheirRoadCharacteristics() {
    assertThat(registry.devices().stream().filter(d -> d.domain().equals("traffic")))
        .allSatisfy(
            d -> {
              assertThat(d.numberAttribute(RegistryGenerator.LANES, -1)).isBetween(2.0, 4.0);
              assertThat(d.numberAttribute(RegistryGenerator.CAPACITY_VPH, -1))
                  .isBetween(3_200.0, 9_600.0);
              assertThat(d.numberAttribute(RegistryGenerator.FREE_FLOW_KMH, -1))
                  .isBetween(35.0, 55.0);
            });
  }

  @Test
  void sameSeedWritesAnIdenticalFile(@TempDir Path dir) throws IOException {
    Path first = dir.resolve("first.json");
    Path second = dir.resolve("second.json");
    RegistryFile.write(first, new RegistryGenerator(zones, 2026, FIXED).generate());
    RegistryFile.write(second, new RegistryGenerator(zones, 2026, FIXED).generate());

    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
  }

  @Test
  void anotherSeedPlacesDevicesElsewhere() {
    Registry other = new RegistryGenerator(zones, 2027, FIXED).generate();

    assertThat(other.devices().get(0).lon()).isNotEqualTo(registry.devices().get(0).lon());
  }

  @Test
  void theLampCountDoesNotMoveTheWaterProbes() {
    Registry fewLamps =
        new RegistryGenerator(zones, 2026, FIXED).generate(new FleetSize(200, 300, 10));

    assertThat(fewLamps.devices().subList(0, 500)).isEqualTo(registry.devices().subList(0, 500));
  }

  private static List<SimDevice> lighting() {
    return registry.devices().stream().filter(d -> d.domain().equals("lighting")).toList();
  }
}
