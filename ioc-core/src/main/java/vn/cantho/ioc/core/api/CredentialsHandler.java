package vn.cantho.ioc.core.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import vn.cantho.ioc.core.auth.DeviceCredentials;
import vn.cantho.ioc.core.auth.DeviceGrant;
import vn.cantho.ioc.core.device.DeviceRegistry;

/**
 * {@code POST /api/v1/devices/{id}/credentials} and {@code POST
 * /api/v1/gateways/{name}/credentials} issue a credential, or rotate it when there is one (the old
 * secret stops working at once). The secret is answered once; only its digest is kept. Audited.
 */
final class CredentialsHandler {
  private final DeviceCredentials credentials;
  private final DeviceRegistry registry;
  private final Authn authn;
  private final WorkerExecutor db;

  CredentialsHandler(
      DeviceCredentials credentials, DeviceRegistry registry, Authn authn, WorkerExecutor db) {
    this.credentials = credentials;
    this.registry = registry;
    this.authn = authn;
    this.db = db;
  }

  void device(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (registry.find(id).isEmpty()) {
      Responses.error(ctx, 404, "not_found", "no device " + id);
      return;
    }
    issue(ctx, id, DeviceGrant.Kind.DEVICE, List.of(id), false);
  }

  void gateway(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    JsonObject body = JsonBodies.object(ctx);
    boolean all = Boolean.TRUE.equals(body.getValue("allDevices"));
    List<String> devices = JsonBodies.texts(body, "devices");
    for (String d : devices) {
      if (registry.find(d).isEmpty()) {
        throw new BadRequest("devices must list registered device ids; unknown: " + d);
      }
    }
    if (!all && devices.isEmpty()) {
      throw new BadRequest("give the gateway's devices, or allDevices: true");
    }
    issue(ctx, name, DeviceGrant.Kind.GATEWAY, devices, all);
  }

  private void issue(
      RoutingContext ctx,
      String username,
      DeviceGrant.Kind kind,
      List<String> devices,
      boolean all) {
    String actor = Authn.caller(ctx).username();
    db.executeBlocking(() -> credentials.issue(username, kind, devices, all), false)
        .onFailure(
            e ->
                ctx.fail(
                    e instanceof IllegalArgumentException ? new BadRequest(e.getMessage(), e) : e))
        .onSuccess(
            secret -> {
              authn.record(
                  actor, "credential.issue", kind.code() + ":" + username, ClientAddress.of(ctx));
              Responses.json(
                  ctx,
                  201,
                  new JsonObject()
                      .put("username", username)
                      .put("password", secret)
                      .put("kind", kind.code())
                      .encode());
            });
  }
}
