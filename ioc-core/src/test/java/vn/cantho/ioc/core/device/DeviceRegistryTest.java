package vn.cantho.ioc.core.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceRegistryTest {
  private static Device device(String id, Domain domain) {
    return new Device(id, domain, "t", id, 105.7, 10.0, "31135", 60);
  }

  @Test
  void pagesStayStableWhileDevicesAreAdded() {
    DeviceRegistry registry = new DeviceRegistry();
    for (int i = 10; i < 20; i++) {
      registry.put(device("d-" + i, Domain.of("water")));
    }
    DeviceRegistry.Page first = registry.page(DeviceFilter.ANY, null, 4);
    assertThat(first.items())
        .extracting(Device::id)
        .containsExactly("d-10", "d-11", "d-12", "d-13");
    assertThat(first.more()).isTrue();

    // Devices registered between two page requests: one before the cursor, one after it.
    registry.put(device("d-05", Domain.of("water")));
    registry.put(device("d-15a", Domain.of("water")));

    List<String> rest = new ArrayList<>();
    String after = "d-13";
    DeviceRegistry.Page page;
    do {
      page = registry.page(DeviceFilter.ANY, after, 4);
      page.items().forEach(d -> rest.add(d.id()));
      after = page.items().isEmpty() ? after : page.items().get(page.items().size() - 1).id();
    } while (page.more());
    // Nothing seen twice, nothing of the original set skipped, the new later device included.
    assertThat(rest).containsExactly("d-14", "d-15", "d-15a", "d-16", "d-17", "d-18", "d-19");
    assertThat(page.total()).isEqualTo(12);
  }

  @Test
  void filtersByDomainZoneAndBox() {
    DeviceRegistry registry = new DeviceRegistry();
    registry.put(device("a", Domain.of("water")));
    registry.put(new Device("b", Domain.of("traffic"), "t", "b", 105.9, 10.2, "31120", 30));
    registry.put(new Device("c", Domain.of("traffic"), "t", "c", 105.7, 10.0, "31135", 30));
    assertThat(registry.page(new DeviceFilter(Domain.of("traffic"), null, null), null, 10).items())
        .extracting(Device::id)
        .containsExactly("b", "c");
    assertThat(registry.page(new DeviceFilter(null, "31135", null), null, 10).items())
        .extracting(Device::id)
        .containsExactly("a", "c");
    assertThat(
            registry
                .page(new DeviceFilter(null, null, Bbox.parse("105.8,10.1,106,10.3")), null, 10)
                .items())
        .extracting(Device::id)
        .containsExactly("b");
  }

  @Test
  void aZoneScopeWalksItsZonesInIdOrderAndCountsWithoutAScan() {
    DeviceRegistry registry = new DeviceRegistry();
    // Ids interleaved across zones and domains, so the page is a merge of several runs.
    for (int i = 0; i < 30; i++) {
      String zone = i % 3 == 0 ? "31135" : i % 3 == 1 ? "31120" : "31261";
      Domain domain = i % 2 == 0 ? Domain.LIGHTING : Domain.of("traffic");
      registry.put(new Device(String.format("d-%02d", i), domain, "t", "n", 105.7, 10.0, zone, 60));
    }
    DeviceScope commune = DeviceScope.zones(java.util.Set.of("31135", "31120"));

    List<String> ids = new ArrayList<>();
    String after = null;
    DeviceRegistry.Page page;
    do {
      page = registry.page(DeviceFilter.ANY, commune, after, 7);
      page.items().forEach(d -> ids.add(d.id()));
      after = page.items().isEmpty() ? after : page.items().get(page.items().size() - 1).id();
      assertThat(page.total()).isEqualTo(20);
    } while (page.more());
    assertThat(ids).hasSize(20).isSorted().doesNotHaveDuplicates();
    assertThat(ids).allMatch(id -> Integer.parseInt(id.substring(2)) % 3 != 2);

    DeviceRegistry.Page lightingOfOne =
        registry.page(new DeviceFilter(Domain.LIGHTING, "31120", null), commune, null, 100);
    assertThat(lightingOfOne.items())
        .extracting(Device::id)
        .containsExactly("d-04", "d-10", "d-16", "d-22", "d-28");
    assertThat(lightingOfOne.total()).isEqualTo(5);
    assertThat(registry.page(new DeviceFilter(null, "31261", null), commune, null, 10).total())
        .as("a zone outside the scope holds nothing for him")
        .isZero();
  }

  @Test
  void aDeviceThatMovesLeavesItsOldZoneCellAndCount() {
    DeviceRegistry registry = new DeviceRegistry();
    registry.put(new Device("m", Domain.LIGHTING, "t", "m", 105.70, 10.00, "31135", 60));
    registry.put(new Device("m", Domain.LIGHTING, "t", "m", 105.90, 10.20, "31120", 60));

    assertThat(registry.size()).isEqualTo(1);
    assertThat(registry.counts())
        .containsExactly(
            java.util.Map.entry(new DeviceRegistry.Slice("31120", Domain.LIGHTING), 1));
    assertThat(registry.page(new DeviceFilter(null, "31135", null), null, 10).items()).isEmpty();
    List<String> inOldPlace = new ArrayList<>();
    registry.grid().devicesIn(Bbox.parse("105.69,9.99,105.71,10.01"), d -> inOldPlace.add(d.id()));
    assertThat(inOldPlace).isEmpty();
    assertThat(
            registry
                .page(new DeviceFilter(null, null, Bbox.parse("105.8,10.1,106,10.3")), null, 10)
                .total())
        .isEqualTo(1);
  }

  @Test
  void anOwnerSeesHisOwnDevicesOnly() {
    DeviceRegistry registry = new DeviceRegistry();
    registry.put(
        new Device("p1", Domain.of("water"), "t", "p1", 105.7, 10.0, "31135", 60, "farmer"));
    registry.put(
        new Device("p2", Domain.of("water"), "t", "p2", 105.7, 10.0, "31135", 60, "other"));
    registry.put(
        new Device("p3", Domain.of("water"), "t", "p3", 105.7, 10.0, "31135", 60, "farmer"));

    DeviceRegistry.Page page =
        registry.page(DeviceFilter.ANY, DeviceScope.owner("farmer"), null, 1);
    assertThat(page.items()).extracting(Device::id).containsExactly("p1");
    assertThat(page.more()).isTrue();
    assertThat(page.total()).isEqualTo(2);
  }
}
