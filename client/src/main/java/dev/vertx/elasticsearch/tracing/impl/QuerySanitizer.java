package dev.vertx.elasticsearch.tracing.impl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.StringWriter;

/**
 * Turns a search body into a safe {@code db.query.text}: the structure (keys, arrays, objects) stays, every value
 * becomes {@code ?}, NDJSON lines are sanitised one by one, and the text is cut at 2048 characters.
 */
final class QuerySanitizer {

  static final int MAX_LENGTH = 2048;
  private static final JsonFactory JSON = new JsonFactory();

  private QuerySanitizer() {
  }

  /** @return the sanitised text, or {@code null} when the body is empty or not JSON */
  static String sanitize(Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    StringWriter out = new StringWriter();
    try (JsonParser parser = JSON.createParser(body.getBytes());
         JsonGenerator generator = JSON.createGenerator(out)) {
      generator.setRootValueSeparator(null);
      boolean first = true;
      while (parser.nextToken() != null) {
        if (!first && parser.currentToken() == JsonToken.START_OBJECT && parser.getParsingContext().inRoot()) {
          generator.flush();
          out.write('\n');
        }
        first = false;
        copy(parser, generator);
        generator.flush();
        if (out.getBuffer().length() > MAX_LENGTH) {
          break;
        }
      }
    } catch (IOException e) {
      return null;
    }
    String text = out.toString();
    return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) : text;
  }

  private static void copy(JsonParser parser, JsonGenerator generator) throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        generator.writeStartObject();
        break;
      case END_OBJECT:
        generator.writeEndObject();
        break;
      case START_ARRAY:
        generator.writeStartArray();
        break;
      case END_ARRAY:
        generator.writeEndArray();
        break;
      case FIELD_NAME:
        generator.writeFieldName(parser.currentName());
        break;
      default:
        generator.writeString("?");
    }
  }
}
