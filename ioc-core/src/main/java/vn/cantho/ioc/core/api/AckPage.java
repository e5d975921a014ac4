package vn.cantho.ioc.core.api;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Optional;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.auth.Permission;
import vn.cantho.ioc.core.auth.User;
import vn.cantho.ioc.core.auth.UserStore;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.notify.AckLinks;

/**
 * The page behind a message's acknowledge link. {@code GET /ack/{token}} shows the alert and one
 * button; only its {@code POST} acknowledges, so a link preview or a mail scanner that opens the
 * link changes nothing. The link acts for its user only while he exists, is enabled, still sees the
 * alert's device and his role may acknowledge alerts (as {@code POST
 * /api/v1/alerts/{id}/acknowledge} requires). Vietnamese unless the phone prefers English.
 */
final class AckPage {
  private final AckLinks links;
  private final AlertStore alerts;
  private final UserStore users;
  private final DeviceRegistry registry;
  private final MetricCatalog catalog;
  private final WorkerExecutor db;
  private final Vertx vertx;
  private final Clock clock;

  AckPage(
      AckLinks links,
      AlertStore alerts,
      UserStore users,
      DeviceRegistry registry,
      MetricCatalog catalog,
      WorkerExecutor db,
      Vertx vertx,
      Clock clock) {
    this.links = links;
    this.alerts = alerts;
    this.users = users;
    this.registry = registry;
    this.catalog = catalog;
    this.db = db;
    this.vertx = vertx;
    this.clock = clock;
  }

  /** An alert the link shows, with its device; only a user who may acknowledge gets the button. */
  private record Target(Alert alert, Device device, String username, boolean mayAcknowledge) {}

  void show(RoutingContext ctx) {
    boolean en = english(ctx);
    db.executeBlocking(() -> target(ctx), false)
        .onFailure(ctx::fail)
        .onSuccess(
            target -> {
              if (target.isEmpty()) {
                invalid(ctx, en);
                return;
              }
              Alert a = target.get().alert();
              String what = describe(a, target.get().device(), en);
              boolean done = !a.state().open() || a.acknowledgedAt() != null;
              if (!target.get().mayAcknowledge()) {
                page(
                    ctx,
                    200,
                    en ? "Alert" : "Cảnh báo",
                    "<p>" + Html.escape(what) + "</p><p>" + notAllowed(en) + "</p>",
                    en);
                return;
              }
              page(
                  ctx,
                  200,
                  en ? "Acknowledge alert" : "Xác nhận cảnh báo",
                  "<p>"
                      + Html.escape(what)
                      + "</p>"
                      + (done
                          ? "<p>"
                              + (en ? "Already acknowledged." : "Cảnh báo này đã được xác nhận.")
                              + "</p>"
                          : "<form method=\"post\"><button type=\"submit\">"
                              + (en ? "I have seen this alert" : "Tôi đã nhận cảnh báo")
                              + "</button></form>"),
                  en);
            });
  }

  /** What pressing the button came to: an invalid link, a role that may not, or the outcome. */
  private record Pressed(boolean valid, boolean allowed, Optional<Alert> acknowledged) {}

  void acknowledge(RoutingContext ctx) {
    boolean en = english(ctx);
    db.executeBlocking(
            () -> {
              Optional<Target> target = target(ctx);
              if (target.isEmpty()) {
                return new Pressed(false, false, Optional.empty());
              }
              Target t = target.get();
              if (!t.mayAcknowledge()) {
                return new Pressed(true, false, Optional.empty());
              }
              return new Pressed(
                  true, true, alerts.acknowledge(t.alert().id(), t.username(), clock.instant()));
            },
            false)
        .onFailure(ctx::fail)
        .onSuccess(
            pressed -> {
              if (!pressed.valid()) {
                invalid(ctx, en);
                return;
              }
              if (!pressed.allowed()) {
                page(
                    ctx,
                    403,
                    en ? "Not allowed" : "Không được phép",
                    "<p>" + notAllowed(en) + "</p>",
                    en);
                return;
              }
              page(
                  ctx,
                  200,
                  en ? "Acknowledged" : "Đã xác nhận",
                  "<p>"
                      + (en
                          ? "Thank you. The IOC knows you have seen this alert."
                          : "Cảm ơn bạn. Trung tâm IOC đã ghi nhận bạn đã nhận cảnh báo này.")
                      + "</p>",
                  en);
            });
  }

  private static String notAllowed(boolean en) {
    return en
        ? "Your role may see this alert but not acknowledge it."
        : "Vai trò của bạn được xem cảnh báo này nhưng không được xác nhận.";
  }

  private Optional<Target> target(RoutingContext ctx) throws java.sql.SQLException {
    Optional<AckLinks.Grant> grant = links.verify(ctx.pathParam("token"));
    if (grant.isEmpty()) {
      return Optional.empty();
    }
    Optional<User> user = users.find(grant.get().username()).filter(u -> !u.disabled());
    Optional<Alert> alert = alerts.find(grant.get().alertId());
    if (user.isEmpty() || alert.isEmpty()) {
      return Optional.empty();
    }
    Optional<Device> device = registry.find(alert.get().deviceId());
    User u = user.get();
    Caller caller = new Caller(u.username(), u.role(), u.zones(), grant.get().expires(), true);
    if (device.isEmpty() || !caller.sees(device.get())) {
      return Optional.empty();
    }
    return Optional.of(
        new Target(
            alert.get(), device.get(), u.username(), caller.may(Permission.ACKNOWLEDGE_ALERTS)));
  }

  private String describe(Alert a, Device d, boolean en) {
    String metric =
        catalog
            .find(d.domain(), a.metric())
            .map(m -> en ? m.labelEn() : m.labelVi())
            .orElse(a.metric());
    return (en ? a.severity().labelEn() : a.severity().labelVi())
        + ": "
        + metric
        + " "
        + a.lastValue()
        + (en ? " at " : " tại ")
        + d.name();
  }

  private static boolean english(RoutingContext ctx) {
    String lang = ctx.request().getHeader("Accept-Language");
    return "en".equals(ctx.request().getParam("lang"))
        || (lang != null && lang.toLowerCase(java.util.Locale.ROOT).startsWith("en"));
  }

  private static void invalid(RoutingContext ctx, boolean en) {
    page(
        ctx,
        404,
        en ? "Link not valid" : "Liên kết không hợp lệ",
        "<p>"
            + (en
                ? "This link is not valid or has expired. Sign in to the IOC to see your alerts."
                : "Liên kết không hợp lệ hoặc đã hết hạn. Hãy đăng nhập IOC để xem cảnh báo.")
            + "</p>",
        en);
  }

  private static void page(RoutingContext ctx, int status, String title, String body, boolean en) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("Referrer-Policy", "no-referrer")
        .end(
            "<!doctype html><html lang=\""
                + (en ? "en" : "vi")
                + "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\""
                + " content=\"width=device-width\"><title>"
                + Html.escape(title)
                + "</title></head><body><h1>"
                + Html.escape(title)
                + "</h1>"
                + body
                + "</body></html>");
  }
}
