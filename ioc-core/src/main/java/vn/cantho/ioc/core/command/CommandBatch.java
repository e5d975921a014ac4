package vn.cantho.ioc.core.command;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;

/**
 * A request's commands counted by status: what an operator watches while a group command goes out.
 */
public record CommandBatch(UUID batchId, String target, Map<CommandStatus, Integer> counts) {
  public CommandBatch {
    counts = Map.copyOf(counts);
  }

  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Commands not yet at a final status. */
  public int open() {
    return counts.getOrDefault(CommandStatus.PENDING, 0)
        + counts.getOrDefault(CommandStatus.SENT, 0);
  }

  public JsonObject toJson() {
    JsonObject byStatus = new JsonObject();
    for (CommandStatus s : CommandStatus.values()) {
      byStatus.put(s.code(), counts.getOrDefault(s, 0));
    }
    return new JsonObject()
        .put("batchId", batchId.toString())
        .put("target", target)
        .put("total", total())
        .put("open", open())
        .put("byStatus", byStatus);
  }
}
