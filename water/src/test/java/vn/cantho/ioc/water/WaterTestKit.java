package vn.cantho.ioc.water;

import vn.cantho.ioc.core.catalog.MetricCatalog;

/** What water's tests share: the node's catalog with water's metrics in it. */
public final class WaterTestKit {
  private WaterTestKit() {}

  public static MetricCatalog catalog() {
    return MetricCatalog.defaults().plus(WaterMetrics.ALL);
  }
}
