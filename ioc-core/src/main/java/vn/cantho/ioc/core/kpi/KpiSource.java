package vn.cantho.ioc.core.kpi;

import java.time.Instant;
import java.util.List;

/**
 * Indicators for the city's leaders (plan tasks 101, 109), measured every few minutes and stored as
 * series: the kernel's own ({@link KernelKpis}) and each feature's ({@code IocFeature#kpiSources}).
 * Runs on a worker thread; blocking reads are fine.
 */
@FunctionalInterface
public interface KpiSource {
  /** The indicators as they stand at {@code at}, per zone and for the city. */
  List<KpiValue> measure(Instant at) throws Exception;
}
