package vn.cantho.ioc.flood.api;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import vn.cantho.ioc.core.api.BadRequest;

/**
 * An operator's command to a pumping station or sluice gate, as the command service sends it
 * (docs/flood.md "Pumps and gates"): {@code {"action": "pump", "pump": 1–3, "on": true|false}},
 * {@code {"action": "gate", "position": 0–100}} (per cent open; 0 closes, 100 opens), or {@code
 * {"action": "auto"}} (the station's own controller takes over again).
 *
 * @param action the device action the OPC UA mapping carries out
 * @param params its parameters
 * @param desired what the station's twin should then report
 */
public record StationCommand(String action, JsonObject params, Map<String, Double> desired) {

  public static StationCommand parse(JsonObject body) {
    Object action = body.getValue("action");
    if (!(action instanceof String a)) {
      throw new BadRequest("action must be pump, gate or auto");
    }
    return switch (a) {
      case "pump" -> pump(body);
      case "gate" -> gate(body);
      case "auto" -> new StationCommand("auto", new JsonObject(), Map.of());
      default -> throw new BadRequest("action must be pump, gate or auto, not " + a);
    };
  }

  private static StationCommand pump(JsonObject body) {
    Object pump = body.getValue("pump");
    Object on = body.getValue("on");
    if (!(pump instanceof Integer n) || n < 1 || n > 3) {
      throw new BadRequest("pump must be 1, 2 or 3");
    }
    if (!(on instanceof Boolean b)) {
      throw new BadRequest("on must be true or false");
    }
    // One action for the three pumps: the station's SetPump method takes the pump's number.
    return new StationCommand(
        "pump", new JsonObject().put("pump", n).put("on", b), Map.of("pump_" + n, b ? 1.0 : 0.0));
  }

  private static StationCommand gate(JsonObject body) {
    Object position = body.getValue("position");
    if (!(position instanceof Number p) || p.doubleValue() < 0 || p.doubleValue() > 100) {
      throw new BadRequest("position must be 0 to 100 (% open)");
    }
    double v = p.doubleValue();
    return new StationCommand(
        "gate", new JsonObject().put("position", v), Map.of("gate_position", v));
  }
}
