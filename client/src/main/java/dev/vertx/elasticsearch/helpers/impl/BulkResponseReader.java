package dev.vertx.elasticsearch.helpers.impl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.vertx.elasticsearch.error.SerializationException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the answer of {@code _bulk} with a streaming parser instead of a JSON tree: the {@code errors} flag from the
 * first bytes of the answer, or every item in order.
 */
final class BulkResponseReader {

  /** How many leading bytes {@link #allSucceeded} reads: Elasticsearch writes {@code errors} first. */
  private static final int FLAG_PREFIX = 128;
  /** How Elasticsearch opens an answer without errors, compact; anything else goes to the parser. */
  private static final byte[] NO_ERRORS = "{\"errors\":false".getBytes(StandardCharsets.US_ASCII);

  /** One item of the answer. */
  static final class Item {
    String action;
    int status = 500;
    String result;
    String id;
    String index;
    long version = -1;
    long seqNo = -1;
    long primaryTerm = -1;
    JsonObject error;
  }

  private BulkResponseReader() {
  }

  /**
   * Whether the answer says that every item succeeded: it opens with {@code "errors":false} (Elasticsearch writes
   * that field first) and is a complete JSON object. Reads only the first bytes and the last one.
   *
   * @param body the answer
   * @return {@code true} only when the answer opens with {@code "errors":false}; {@code false} when it reports
   *     errors, puts the flag elsewhere or is not a bulk answer (read it with {@link #items} then)
   */
  static boolean allSucceeded(Buffer body) {
    if (!endsWithClosingBrace(body)) {
      return false;
    }
    if (opensWithoutErrors(body)) {
      return true;
    }
    byte[] prefix = body.getBytes(0, Math.min(body.length(), FLAG_PREFIX));
    try (JsonParser p = DatabindCodec.mapper().getFactory().createParser(prefix)) {
      return p.nextToken() == JsonToken.START_OBJECT && "errors".equals(p.nextFieldName())
        && p.nextToken() == JsonToken.VALUE_FALSE;
    } catch (IOException e) {
      return false;
    }
  }

  /** @return whether the body opens with {@link #NO_ERRORS} and the next byte ends that value */
  private static boolean opensWithoutErrors(Buffer body) {
    if (body.length() <= NO_ERRORS.length) {
      return false;
    }
    for (int i = 0; i < NO_ERRORS.length; i++) {
      if (body.getByte(i) != NO_ERRORS[i]) {
        return false;
      }
    }
    byte next = body.getByte(NO_ERRORS.length);
    return next == ',' || next == '}';
  }

  private static boolean endsWithClosingBrace(Buffer body) {
    for (int i = body.length() - 1; i >= 0; i--) {
      byte b = body.getByte(i);
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b == '}';
      }
    }
    return false;
  }

  /**
   * Reads every item of the answer.
   *
   * @param body the answer
   * @return the items in request order
   * @throws SerializationException when the body is not a bulk answer (no {@code items} array, malformed JSON)
   */
  static List<Item> items(Buffer body) {
    try (JsonParser p = DatabindCodec.mapper().createParser(body.getBytes())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw notABulkAnswer("it is not a JSON object", null);
      }
      List<Item> items = null;
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken value = p.nextToken();
        if ("items".equals(field) && value == JsonToken.START_ARRAY) {
          items = readItems(p);
        } else {
          p.skipChildren();
        }
      }
      if (items == null) {
        throw notABulkAnswer("it has no items", null);
      }
      return items;
    } catch (IOException e) {
      // the original message leaves out Jackson's excerpt of the body
      String why = e instanceof JsonProcessingException ? ((JsonProcessingException) e).getOriginalMessage()
        : e.getMessage();
      throw notABulkAnswer("it is not valid JSON: " + why, e);
    }
  }

  private static List<Item> readItems(JsonParser p) throws IOException {
    List<Item> items = new ArrayList<>();
    JsonToken token;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
      if (token != JsonToken.START_OBJECT) {
        throw notABulkAnswer("item " + items.size() + " is not an object", null);
      }
      Item item = new Item();
      // {"<action>": {...}}: one field; anything else is malformed and keeps the defaults (status 500)
      String action = p.nextFieldName();
      if (action != null) {
        item.action = action;
        if (p.nextToken() == JsonToken.START_OBJECT) {
          readItem(p, item);
        } else {
          p.skipChildren();
        }
        while (p.nextToken() != JsonToken.END_OBJECT) {
          p.skipChildren();
        }
      }
      items.add(item);
    }
    return items;
  }

  @SuppressWarnings("unchecked")
  private static void readItem(JsonParser p, Item item) throws IOException {
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken value = p.nextToken();
      switch (field) {
        case "status":
          item.status = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 500;
          break;
        case "result":
          item.result = value == JsonToken.VALUE_STRING ? p.getText() : null;
          break;
        case "_id":
          item.id = value == JsonToken.VALUE_STRING ? p.getText() : null;
          break;
        case "_index":
          item.index = value == JsonToken.VALUE_STRING ? p.getText() : null;
          break;
        case "_version":
          item.version = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
          break;
        case "_seq_no":
          item.seqNo = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
          break;
        case "_primary_term":
          item.primaryTerm = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
          break;
        case "error":
          if (value == JsonToken.START_OBJECT) {
            item.error = new JsonObject((Map<String, Object>) p.readValueAs(Map.class));
          } else if (value == JsonToken.VALUE_NULL) {
            item.error = null;
          } else if (value.isScalarValue()) {
            item.error = new JsonObject().put("reason", p.getText());
          } else {
            p.skipChildren();
            item.error = new JsonObject().put("reason", "an error that is neither an object nor a text");
          }
          break;
        default:
          p.skipChildren();
      }
    }
  }

  private static SerializationException notABulkAnswer(String why, Throwable cause) {
    return new SerializationException("The bulk response cannot be read: " + why, cause);
  }
}
