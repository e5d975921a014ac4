package vn.cantho.ioc.traffic.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import vn.cantho.ioc.traffic.incident.Incident;
import vn.cantho.ioc.traffic.incident.IncidentStore.TimelineEntry;

/** The one JSON shape of an incident (API and live feed), with Vietnamese labels. */
public final class IncidentJson {
  private IncidentJson() {}

  public static JsonObject of(Incident i) {
    return new JsonObject()
        .put("id", i.id())
        .put("kind", i.kind().code())
        .put("kindLabel", i.kind().labelVi())
        .put("severity", i.severity().code())
        .put("status", i.status().code())
        .put("statusLabel", i.status().labelVi())
        .put("next", new JsonArray(i.status().next().stream().map(s -> s.code()).sorted().toList()))
        .put("source", i.source().code())
        .put("method", i.method())
        .put("lon", i.location().lon())
        .put("lat", i.location().lat())
        .put("corridor", i.location().corridor())
        .put("direction", i.location().direction())
        .put("chainageM", i.location().chainageM())
        .put("segment", i.location().segment())
        .put("zoneId", i.zoneId())
        .put("description", i.description())
        .put("openedAt", text(i.openedAt()))
        .put("lastReportAt", text(i.lastReportAt()))
        .put("updatedAt", text(i.updatedAt()))
        .put("verifiedAt", text(i.verifiedAt()))
        .put("closedAt", text(i.closedAt()))
        .put("assignee", i.assignee())
        .put("reports", i.reports())
        .put("version", i.version());
  }

  public static JsonArray timeline(List<TimelineEntry> entries) {
    JsonArray out = new JsonArray();
    for (TimelineEntry e : entries) {
      out.add(
          new JsonObject()
              .put("at", e.at().toString())
              .put("kind", e.kind())
              .put("actor", e.actor())
              .put("from", e.fromStatus())
              .put("to", e.toStatus())
              .put("source", e.source())
              .put("externalId", e.externalId())
              .put("comment", e.comment()));
    }
    return out;
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
