package vn.cantho.ioc.core.export;

import java.util.List;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.store.Database;

/** The kernel's own datasets: devices, readings and every feature's alerts. */
public final class KernelExports {
  private KernelExports() {}

  public static List<ExportDataset> of(Database database, DeviceRegistry registry) {
    return List.of(
        new DevicesExport(registry),
        new ReadingsExport(database, registry),
        new AlertsExport(database, registry));
  }
}
