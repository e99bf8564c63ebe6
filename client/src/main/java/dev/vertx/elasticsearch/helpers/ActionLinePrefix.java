package dev.vertx.elasticsearch.helpers;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.SerializedString;

import java.util.Objects;

/**
 * The pre-encoded start of an action line for one action and index, such as {@code {"index":{"_index":"logs"};
 * the last one made is kept, as the operations of a stream mostly share their action and index.
 */
final class ActionLinePrefix {

  static final SerializableString ID_FIRST = new SerializedString("\"_id\":");
  static final SerializableString ID_AFTER_INDEX = new SerializedString(",\"_id\":");
  static final SerializableString END = new SerializedString("}}");

  /** The last prefix made; a race only makes one more. */
  private static volatile ActionLinePrefix last;

  final BulkOperation.Type type;
  final String index;
  final SerializableString text;

  private ActionLinePrefix(BulkOperation.Type type, String index) {
    this.type = type;
    this.index = index;
    StringBuilder json = new StringBuilder().append("{\"").append(type.action()).append("\":{");
    if (index != null) {
      json.append("\"_index\":\"").append(JsonStringEncoder.getInstance().quoteAsString(index)).append('"');
    }
    this.text = new SerializedString(json.toString());
  }

  /** @return the prefix of this action and index: the last one made when it is theirs, else a new one */
  static ActionLinePrefix of(BulkOperation.Type type, String index) {
    ActionLinePrefix prefix = last;
    if (prefix == null || prefix.type != type || !Objects.equals(prefix.index, index)) {
      prefix = new ActionLinePrefix(type, index);
      last = prefix;
    }
    return prefix;
  }
}
