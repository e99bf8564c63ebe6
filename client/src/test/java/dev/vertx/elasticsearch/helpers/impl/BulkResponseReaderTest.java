package dev.vertx.elasticsearch.helpers.impl;

import dev.vertx.elasticsearch.error.SerializationException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming reader of bulk answers, on the shapes Elasticsearch writes and on the ones it must refuse. */
class BulkResponseReaderTest {

  private static final String CREATED = "{\"index\":{\"_index\":\"books\",\"_id\":\"1\",\"_version\":1,"
    + "\"result\":\"created\",\"_shards\":{\"total\":2,\"successful\":1,\"failed\":0},\"_seq_no\":7,"
    + "\"_primary_term\":1,\"status\":201}}";
  private static final String REJECTED = "{\"create\":{\"_index\":\"books\",\"_id\":\"2\",\"status\":429,"
    + "\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"queue full\","
    + "\"caused_by\":{\"type\":\"x\",\"reason\":\"y\"}}}}";

  private static Buffer answer(boolean errors, String... items) {
    return Buffer.buffer("{\"errors\":" + errors + ",\"took\":3,\"items\":[" + String.join(",", items) + "]}");
  }

  @Test
  void theErrorsFlagIsReadFromTheStartOfTheAnswer() {
    assertThat(BulkResponseReader.allSucceeded(answer(false, CREATED, CREATED))).isTrue();
    assertThat(BulkResponseReader.allSucceeded(Buffer.buffer("{ \"errors\" : false, \"items\" : [] }\n"))).isTrue();
    assertThat(BulkResponseReader.allSucceeded(answer(true, CREATED, REJECTED))).isFalse();
    // the flag elsewhere, missing, truncated answers and garbage all go to the full read
    assertThat(BulkResponseReader.allSucceeded(Buffer.buffer("{\"took\":3,\"errors\":false,\"items\":[]}"))).isFalse();
    assertThat(BulkResponseReader.allSucceeded(Buffer.buffer("{\"items\":[]}"))).isFalse();
    assertThat(BulkResponseReader.allSucceeded(Buffer.buffer("{\"errors\":false,\"took\":3,\"items\":[{\"ind"))).isFalse();
    assertThat(BulkResponseReader.allSucceeded(Buffer.buffer("<html>}"))).isFalse();
    assertThat(BulkResponseReader.allSucceeded(Buffer.buffer(""))).isFalse();
    assertThat(BulkResponseReader.allSucceeded(Buffer.buffer("[false]"))).isFalse();
    // the compact opening Elasticsearch writes is recognised byte by byte; anything near it goes to the parser
    assertThat(BulkResponseReader.allSucceeded(Buffer.buffer("{\"errors\":false}"))).isTrue();
    assertThat(BulkResponseReader.allSucceeded(Buffer.buffer("{\"errors\":false ,\"items\":[]}"))).isTrue();
    assertThat(BulkResponseReader.allSucceeded(Buffer.buffer("{\"errors\":falsely,\"items\":[]}"))).isFalse();
    assertThat(BulkResponseReader.allSucceeded(Buffer.buffer("{\"errors\":false"))).isFalse();
  }

  @Test
  void everyItemIsReadInOrder() {
    List<BulkResponseReader.Item> items = BulkResponseReader.items(answer(true, CREATED, REJECTED,
      "{\"delete\":{\"_index\":\"books\",\"_id\":\"3\",\"result\":\"not_found\",\"status\":404}}",
      "{\"update\":{\"_id\":\"4\",\"status\":400,\"error\":\"plain text\",\"get\":{\"_source\":{\"a\":[1,{}]}}}}"));
    assertThat(items).hasSize(4);
    BulkResponseReader.Item created = items.get(0);
    assertThat(created.action).isEqualTo("index");
    assertThat(created.status).isEqualTo(201);
    assertThat(created.result).isEqualTo("created");
    assertThat(created.index).isEqualTo("books");
    assertThat(created.id).isEqualTo("1");
    assertThat(created.version).isEqualTo(1);
    assertThat(created.seqNo).isEqualTo(7);
    assertThat(created.primaryTerm).isEqualTo(1);
    assertThat(created.error).isNull();
    BulkResponseReader.Item rejected = items.get(1);
    assertThat(rejected.status).isEqualTo(429);
    assertThat(rejected.error.getString("type")).isEqualTo("es_rejected_execution_exception");
    assertThat(rejected.error.getJsonObject("caused_by").getString("reason")).isEqualTo("y");
    assertThat(items.get(2).result).isEqualTo("not_found");
    assertThat(items.get(2).status).isEqualTo(404);
    assertThat(items.get(3).error).isEqualTo(new JsonObject().put("reason", "plain text"));
    assertThat(items.get(3).index).isNull();
  }

  @Test
  void anItemWithoutAStatusIsAFailure() {
    List<BulkResponseReader.Item> items = BulkResponseReader.items(answer(true, "{}", "{\"index\":7}",
      "{\"index\":{\"_id\":\"x\"}}"));
    assertThat(items).extracting(i -> i.status).containsExactly(500, 500, 500);
  }

  @Test
  void whatIsNotABulkAnswerIsRefusedWithATypedError() {
    for (String body : List.of("", "[]", "{\"errors\":false}", "{\"errors\":false,\"items\":[{\"index\":{}}",
      "{\"items\":[1]}", "<html>oops</html>", "{\"items\":[{\"index\":{\"status\":201}}]} trailing")) {
      if (body.endsWith("trailing")) {
        // Jackson stops at the end of the first value: trailing garbage after a complete answer is not looked at
        assertThat(BulkResponseReader.items(Buffer.buffer(body))).hasSize(1);
        continue;
      }
      assertThatThrownBy(() -> BulkResponseReader.items(Buffer.buffer(body)), body)
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("The bulk response cannot be read");
    }
  }
}
