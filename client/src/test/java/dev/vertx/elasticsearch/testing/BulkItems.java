package dev.vertx.elasticsearch.testing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The operations of one {@code _bulk} NDJSON body, for {@link FaultInjectingProxy}: which of them to forward, and the
 * answer items the proxy makes up for the ones it rejects (status 429, {@code es_rejected_execution_exception}, as
 * Elasticsearch answers an item its write queue refused).
 */
final class BulkItems {

  /** One bulk operation: its action line, optional source line, type ({@code index}, ...) and action metadata. */
  private record Operation(String action, String source, String type, JsonObject meta) {
  }

  private final List<Operation> operations = new ArrayList<>();
  private final String pathIndex;

  /**
   * @param body the NDJSON request body (not compressed)
   * @param path the request path, for the index of {@code /{index}/_bulk}
   */
  BulkItems(Buffer body, String path) {
    String[] lines = body.toString().split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String actionLine = lines[i];
      JsonObject action = new JsonObject(actionLine);
      String type = action.fieldNames().iterator().next();
      String source = !type.equals("delete") && i + 1 < lines.length ? lines[++i] : null;
      operations.add(new Operation(actionLine, source, type, action.getJsonObject(type)));
    }
    String[] segments = path.split("/");
    this.pathIndex = segments.length > 2 && !segments[1].startsWith("_") ? segments[1] : null;
  }

  /** @return the number of operations */
  int size() {
    return operations.size();
  }

  /**
   * @param rejected which operations to leave out
   * @return the NDJSON of the others
   */
  Buffer kept(boolean[] rejected) {
    Buffer kept = Buffer.buffer();
    for (int i = 0; i < operations.size(); i++) {
      if (!rejected[i]) {
        Operation op = operations.get(i);
        kept.appendString(op.action()).appendByte((byte) '\n');
        if (op.source() != null) {
          kept.appendString(op.source()).appendByte((byte) '\n');
        }
      }
    }
    return kept;
  }

  /**
   * @param nodeItems the node's answer items for the operations that were forwarded, in order
   * @param rejected which operations were left out
   * @param reason the reason of the made-up 429 items
   * @return one answer item per operation: the node's, or a 429 for the rejected ones
   */
  JsonArray merge(JsonArray nodeItems, boolean[] rejected, String reason) {
    JsonArray merged = new JsonArray();
    int next = 0;
    for (int i = 0; i < operations.size(); i++) {
      merged.add(rejected[i] ? rejectedItem(operations.get(i), reason) : nodeItems.getValue(next++));
    }
    return merged;
  }

  /**
   * @param reason the reason of the 429 items
   * @return a whole {@code _bulk} answer (status 200, {@code errors: true}) rejecting every operation
   */
  JsonObject allRejected(String reason) {
    boolean[] all = new boolean[operations.size()];
    Arrays.fill(all, true);
    return new JsonObject().put("took", 0).put("errors", !operations.isEmpty())
      .put("items", merge(new JsonArray(), all, reason));
  }

  private JsonObject rejectedItem(Operation op, String reason) {
    JsonObject item = new JsonObject()
      .put("_index", op.meta().getString("_index", pathIndex))
      .put("status", 429)
      .put("error", new JsonObject().put("type", "es_rejected_execution_exception").put("reason", reason));
    if (op.meta().getString("_id") != null) {
      item.put("_id", op.meta().getString("_id"));
    }
    return new JsonObject().put(op.type(), item);
  }
}
