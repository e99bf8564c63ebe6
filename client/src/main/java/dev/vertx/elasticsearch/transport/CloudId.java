package dev.vertx.elasticsearch.transport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An Elastic Cloud id: {@code <name>:<base64 of host[:port]$es-uuid[$kibana-uuid]>}, read as the official clients
 * read it (elastic-transport-python's {@code parse_cloud_id}): the deployment name is optional and ignored, the
 * Elasticsearch address is {@code <es-uuid>.<host>}, the port 443 unless the host part names one.
 *
 * @param name the deployment name, empty when absent
 * @param host the Elasticsearch host, {@code <es-uuid>.<host>}
 * @param port the port
 */
record CloudId(String name, String host, int port) {

  /**
   * @param cloudId the cloud id
   * @return its parts
   * @throws IllegalArgumentException when it is not a well-formed cloud id (the message never repeats it)
   */
  static CloudId parse(String cloudId) {
    String id = cloudId.strip();
    int colon = id.lastIndexOf(':');
    String name = colon < 0 ? "" : id.substring(0, colon);
    String encoded = colon < 0 ? id : id.substring(colon + 1);
    String decoded;
    try {
      // Standard or URL-safe alphabet, padding optional.
      decoded = new String(Base64.getDecoder().decode(encoded.replace('-', '+').replace('_', '/').replace("=", "")),
        StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw malformed("its second part is not base64");
    }
    String[] parts = decoded.split("\\$", -1);
    String parent = parts[0].strip();
    if (parent.isEmpty()) {
      throw malformed("it names no host");
    }
    if (parts.length < 2 || parts[1].isBlank()) {
      throw malformed("it names no Elasticsearch deployment (no es-uuid after the host)");
    }
    int port = 443;
    int portColon = parent.lastIndexOf(':');
    if (portColon >= 0) {
      try {
        port = Integer.parseInt(parent.substring(portColon + 1));
      } catch (NumberFormatException e) {
        throw malformed("its port is not a number");
      }
      if (port < 1 || port > 65535) {
        throw malformed("its port is out of range");
      }
      parent = parent.substring(0, portColon);
    }
    return new CloudId(name, parts[1].strip() + "." + parent, port);
  }

  /** @return {@code https://<host>:<port>} */
  String url() {
    return "https://" + host + ":" + port;
  }

  private static IllegalArgumentException malformed(String why) {
    return new IllegalArgumentException("The cloud id is malformed: " + why
      + "; expected <name>:<base64 of host[:port]$es-uuid$kibana-uuid>");
  }
}
