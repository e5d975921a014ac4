package vn.cantho.ioc.core.feature;

import java.time.Clock;
import vn.cantho.ioc.core.audit.AuditLog;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.store.Database;

/**
 * What the kernel gives a feature.
 *
 * @param clock the node's clock: jobs and rules use it, never the system's directly
 * @param catalog the kernel's metrics and every feature's
 * @param live this feature's channel to the live feed (its declared types only)
 */
public record FeatureContext(
    Database database,
    Clock clock,
    DeviceRegistry devices,
    MetricCatalog catalog,
    LiveChannel live,
    AuditLog audit) {}
