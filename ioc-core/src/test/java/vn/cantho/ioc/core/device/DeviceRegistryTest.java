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
}
