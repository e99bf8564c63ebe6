package dev.vertx.elasticsearch.transport;

import dev.vertx.elasticsearch.error.ElasticsearchException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * What a node answered: status, headers, the whole body, the {@code Warning} headers, which node answered and the
 * errors of earlier attempts when the request was retried.
 *
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the (decompressed) body, empty when there was none
 * @param node the URL of the node that answered, without credentials
 * @param warnings the {@code Warning} header values, empty when there were none
 * @param attemptErrors the errors of earlier attempts, oldest first
 */
public record TransportResponse(int status, MultiMap headers, Buffer body, String node, List<String> warnings,
                                List<ElasticsearchException> attemptErrors) {

  /** @return the number of attempts made, at least 1 */
  public int attempts() {
    return attemptErrors.size() + 1;
  }
}
