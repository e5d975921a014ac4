package vn.cantho.ioc.core.feature;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.audit.AuditLog;
import vn.cantho.ioc.core.auth.UserStore;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.export.ExportDataset;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.geo.ZoneIndex;

/**
 * What the kernel gives a feature.
 *
 * @param database with {@link Database#inTransaction} and {@link
 *     vn.cantho.ioc.core.store.CursorPaging} for lists
 * @param clock the node's clock: jobs and rules use it, never the system's directly
 * @param catalog the kernel's metrics and every feature's
 * @param live this feature's channel to the live feed (its declared types only)
 * @param alerts the kernel's alert lifecycle: raise with the feature's own {@link
 *     vn.cantho.ioc.core.alert.RuleKey}s; transitions write the notification outbox in their
 *     transaction (the words are the feature's {@link IocFeature#alertNotices})
 * @param zones the communes and wards, to place a feature's things in a zone
 * @param users the people who sign in, to check an owner a feature records
 * @param vertx the node's Vert.x: committed readings arrive on its event bus ({@link
 *     vn.cantho.ioc.core.reading.CommittedReadings#ADDRESS}); never block its event loop
 * @param config the feature's own settings ({@code IOC_<ID>_<KEY>})
 * @param commands the kernel's command service: commands to devices, tracked to an end state, and
 *     their twins (docs/commands.md)
 * @param ingest the kernel's ingest pipeline, for a feature that receives readings itself (open
 *     data's SensorThings writes): validated, quarantined with a reason, the future completing only
 *     once committed; may block while the pipeline is full, so never call it on an event loop
 * @param exports every dataset the node shares, the kernel's and each feature's ({@link
 *     IocFeature#exports}); complete once every feature has started, so read it when serving, not
 *     in {@code start}
 * @param openTopics the broker's open topics ({@code v1.0/…}) for public data: non-blocking,
 *     bounded
 */
public record FeatureContext(
    Database database,
    Clock clock,
    DeviceRegistry devices,
    MetricCatalog catalog,
    LiveChannel live,
    AuditLog audit,
    AlertStore alerts,
    ZoneIndex zones,
    UserStore users,
    Vertx vertx,
    FeatureConfig config,
    vn.cantho.ioc.core.command.CommandService commands,
    vn.cantho.ioc.core.reading.ReadingSink ingest,
    java.util.function.Supplier<List<ExportDataset>> exports,
    OpenTopics openTopics) {}
