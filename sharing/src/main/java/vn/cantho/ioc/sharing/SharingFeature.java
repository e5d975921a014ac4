package vn.cantho.ioc.sharing;

import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.auth.Permission;
import vn.cantho.ioc.core.feature.FeatureContext;
import vn.cantho.ioc.core.feature.FeaturePermission;
import vn.cantho.ioc.core.feature.FeatureRoutes;
import vn.cantho.ioc.core.feature.IocFeature;
import vn.cantho.ioc.core.feature.PeriodicJob;
import vn.cantho.ioc.core.notify.HttpPost;
import vn.cantho.ioc.sharing.export.ExportRoute;
import vn.cantho.ioc.sharing.feed.EventLog;
import vn.cantho.ioc.sharing.feed.EventTail;
import vn.cantho.ioc.sharing.feed.FeedRoute;
import vn.cantho.ioc.sharing.webhook.Deliveries;
import vn.cantho.ioc.sharing.webhook.SecretBox;
import vn.cantho.ioc.sharing.webhook.WebhookPusher;
import vn.cantho.ioc.sharing.webhook.Webhooks;
import vn.cantho.ioc.sharing.webhook.WebhooksRoute;

/**
 * Sharing with other systems (issue 18, docs/sharing.md, ADR 0019): every dataset the node offers
 * ({@link FeatureContext#exports}: the kernel's devices, readings and alerts, the features' own)
 * exported as CSV, JSON or GeoJSON in WGS84 or VN-2000, paged, rate-limited and within the caller's
 * scope; the datasets' change events pushed to the provincial integration platform's webhooks,
 * signed and retried from a durable outbox, and served as a pull feed for platforms that cannot
 * receive pushes. It reads no other feature's tables: what leaves is what the seam offers.
 */
public final class SharingFeature implements IocFeature {
  private static final Logger LOG = LoggerFactory.getLogger(SharingFeature.class);

  /** Register and remove webhooks, read their deliveries: admin only. */
  public static final FeaturePermission WEBHOOKS_MANAGE =
      new FeaturePermission("sharing.webhooks.manage", Set.of());

  private final SharingSettings fixed;
  private SharingSettings settings;
  private FeatureContext context;
  private EventTail tail;
  private WebhookPusher pusher;
  private Deliveries deliveries;
  private SecretBox secrets;

  /** On a node: settings from {@code IOC_SHARING_…}. */
  public SharingFeature() {
    this(null);
  }

  /** With the given settings (tests, benchmarks). */
  public SharingFeature(SharingSettings settings) {
    this.fixed = settings;
  }

  @Override
  public String id() {
    return "sharing";
  }

  @Override
  public List<FeaturePermission> permissions() {
    return List.of(WEBHOOKS_MANAGE);
  }

  @Override
  public void start(FeatureContext context) throws Exception {
    this.context = context;
    settings = fixed != null ? fixed : SharingSettings.from(context.config());
    secrets = settings.secretKey() == null ? null : new SecretBox(settings.secretKey());
    deliveries = new Deliveries(context.database());
    int recovered = deliveries.recoverInterrupted();
    if (recovered > 0) {
      LOG.warn(
          "{} webhook deliveries were being sent when the IOC stopped; sending again", recovered);
    }
    tail =
        new EventTail(context.database(), context.exports(), settings.gapWait(), context.clock());
    pusher =
        new WebhookPusher(
            deliveries,
            secrets,
            settings.retry(),
            settings.allowPrivateUrls(),
            new HttpPost(HttpPost.defaultClient()),
            context.clock());
    if (secrets == null) {
      LOG.info("Sharing: IOC_SHARING_SECRET_KEY is not set; webhooks cannot be registered");
    }
  }

  @Override
  public void routes(FeatureRoutes routes) {
    CallerLimit limit =
        new CallerLimit(settings.perSecond(), settings.burst(), context.clock(), routes.authn());
    ExportRoute export =
        new ExportRoute(context.exports(), limit, routes.authn(), routes.worker(), context.clock());
    FeedRoute feed =
        new FeedRoute(new EventLog(context.database()), limit, routes.authn(), routes.worker());
    WebhooksRoute hooks =
        new WebhooksRoute(
            new Webhooks(context.database()),
            deliveries,
            secrets,
            context.exports(),
            routes.authn(),
            routes.worker(),
            context.clock());
    routes.route(HttpMethod.GET, "/api/v1/export", Permission.READ_MAP, export::list);
    routes.route(HttpMethod.GET, "/api/v1/export/:dataset", Permission.READ_MAP, export::export);
    routes.route(HttpMethod.GET, "/api/v1/sharing/feed", Permission.READ_MAP, feed::handle);
    routes.route(HttpMethod.POST, "/api/v1/sharing/webhooks", WEBHOOKS_MANAGE, hooks::add);
    routes.route(HttpMethod.GET, "/api/v1/sharing/webhooks", WEBHOOKS_MANAGE, hooks::list);
    routes.route(HttpMethod.DELETE, "/api/v1/sharing/webhooks/:id", WEBHOOKS_MANAGE, hooks::remove);
    routes.route(
        HttpMethod.GET,
        "/api/v1/sharing/webhooks/:id/deliveries",
        WEBHOOKS_MANAGE,
        hooks::deliveries);
  }

  @Override
  public List<String> openApiFragments() {
    return List.of(
        "vn/cantho/ioc/sharing/openapi/export.json", "vn/cantho/ioc/sharing/openapi/sharing.json");
  }

  @Override
  public List<PeriodicJob> jobs(FeatureContext context) {
    return List.of(new PeriodicJob("sharing-push", Duration.ofSeconds(1), this::pushNow));
  }

  /**
   * What the {@code sharing-push} job does each second: records the datasets' new events in the
   * feed and the outbox, then sends the deliveries that are due. Returns the attempts made.
   */
  public int pushNow() throws Exception {
    tail.poll();
    return pusher.pushDue();
  }
}
