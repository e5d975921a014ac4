package vn.cantho.ioc.sharing.export;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.core.export.ExportRow;

/** {@code {"dataset", "columns", "items", "nextCursor"}}, the shape of every list of the API. */
public final class JsonWriter {
  private JsonWriter() {}

  public static String write(
      String dataset, List<String> columns, List<ExportRow> rows, String nextCursor) {
    JsonArray items = new JsonArray();
    rows.forEach(r -> items.add(object(r.values())));
    return new JsonObject()
        .put("dataset", dataset)
        .put("columns", new JsonArray(columns))
        .put("items", items)
        .put("nextCursor", nextCursor)
        .encode();
  }

  static JsonObject object(Map<String, Object> values) {
    JsonObject o = new JsonObject();
    values.forEach((k, v) -> o.put(k, v instanceof Instant i ? i.toString() : v));
    return o;
  }
}
