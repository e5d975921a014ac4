package vn.cantho.ioc.core.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.device.Bbox;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceFilter;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.store.CursorPaging;

/** {@code GET /api/v1/devices}: filtered, cursor-paged device list from the in-memory registry. */
public final class DevicesHandler {
  private final DeviceRegistry registry;
  private final DeviceJson json;
  private final Clock clock;
  private final Authn authn;
  private final Set<Domain> served;

  DevicesHandler(
      DeviceRegistry registry, DeviceJson json, Clock clock, Authn authn, Set<Domain> served) {
    this.registry = registry;
    this.json = json;
    this.clock = clock;
    this.authn = authn;
    this.served = Set.copyOf(served);
  }

  void list(RoutingContext ctx) {
    Caller caller = Authn.caller(ctx);
    int limit = Paging.limit(ctx);
    String after = Paging.afterKey(ctx);
    // The registry walks only the zones (or the owner's devices) the caller's scope holds.
    DeviceRegistry.Page page =
        registry.page(filter(ctx, served), caller.deviceScope(), after, limit);
    Instant now = clock.instant();
    JsonArray items = new JsonArray();
    page.items().forEach(d -> items.add(json.render(d, now)));
    String next =
        page.more() ? CursorPaging.encode(page.items().get(page.items().size() - 1).id()) : null;
    Responses.ok(
        ctx,
        new JsonObject().put("items", items).put("total", page.total()).put("nextCursor", next));
  }

  void one(RoutingContext ctx) {
    visibleDevice(ctx, registry, authn)
        .ifPresent(d -> Responses.ok(ctx, json.render(d, clock.instant())));
  }

  /**
   * The path's device if the caller may see it; else answers 404, the same for a device outside his
   * scope as for one that does not exist, so ids cannot be probed.
   */
  public static Optional<Device> visibleDevice(
      RoutingContext ctx, DeviceRegistry registry, Authn authn) {
    String id = ctx.pathParam("id");
    Optional<Device> device = registry.find(id);
    if (device.isEmpty()) {
      Responses.error(ctx, 404, "not_found", "no device " + id);
      return Optional.empty();
    }
    if (!Authn.caller(ctx).sees(device.get())) {
      authn.hidden(ctx, "no device " + id);
      return Optional.empty();
    }
    return device;
  }

  public static DeviceFilter filter(RoutingContext ctx, Set<Domain> served) {
    String domainCode = QueryParams.text(ctx, "domain");
    Domain domain = null;
    if (domainCode != null) {
      domain =
          Domain.fromCode(domainCode)
              .filter(served::contains)
              .orElseThrow(() -> new BadRequest("domain must be one of " + served));
    }
    String bboxText = QueryParams.text(ctx, "bbox");
    Bbox bbox = null;
    if (bboxText != null) {
      try {
        bbox = Bbox.parse(bboxText);
      } catch (IllegalArgumentException e) {
        throw new BadRequest(e.getMessage(), e);
      }
    }
    return new DeviceFilter(domain, QueryParams.text(ctx, "zone"), bbox);
  }
}
