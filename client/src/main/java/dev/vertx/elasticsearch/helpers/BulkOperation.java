package dev.vertx.elasticsearch.helpers;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vertx.elasticsearch.client.ElasticsearchClientOptions;
import dev.vertx.elasticsearch.client.api.RequestBodies;
import dev.vertx.elasticsearch.error.SerializationException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One operation of a bulk request: {@code index}, {@code create}, {@code update} or {@code delete}, its metadata
 * ({@code _index}, {@code _id}, routing, pipeline, versioning, optimistic concurrency, ...) and its document.
 * <p>
 * A document may be a {@link JsonObject}, raw JSON bytes ({@link Buffer}, {@code byte[]} or a JSON {@code String})
 * or any object Jackson can write (a POJO, a {@code Map}). It is serialised once, when the operation is handed to a
 * bulk helper; an operation whose document cannot be serialised is reported as failed on its own.
 * <p>
 * Built fluently and not thread-safe; do not change an operation once it has been handed to a helper. The helper
 * keeps a reference to it so that a failed operation can be reported with its document.
 */
public final class BulkOperation {

  /** The bulk action. */
  public enum Type {
    /** Index (create or replace) a document. */
    INDEX("index"),
    /** Create a document; fails with 409 when the id exists. */
    CREATE("create"),
    /** Partially update, upsert or script-update a document. */
    UPDATE("update"),
    /** Delete a document; 404 when it does not exist. */
    DELETE("delete");

    private final String action;

    Type(String action) {
      this.action = action;
    }

    /** @return the name of the action in the bulk NDJSON, e.g. {@code index} */
    public String action() {
      return action;
    }
  }

  private final Type type;
  private String index;
  private String id;
  private String routing;
  private String pipeline;
  private Long version;
  private String versionType;
  private Long ifSeqNo;
  private Long ifPrimaryTerm;
  private Integer retryOnConflict;
  private Boolean requireAlias;
  private Map<String, String> dynamicTemplates;
  private Object document;
  private Object upsert;
  private Boolean docAsUpsert;
  private JsonObject script;
  private Boolean scriptedUpsert;

  private BulkOperation(Type type, String index, String id) {
    this.type = Objects.requireNonNull(type, "type");
    this.index = index;
    this.id = id;
  }

  /**
   * An {@code index} operation.
   *
   * @param index the target index, or {@code null} to use the helper's default index
   * @param document the document (see the class documentation for the accepted forms)
   * @return the operation, to which an id and metadata can be added
   */
  public static BulkOperation index(String index, Object document) {
    return new BulkOperation(Type.INDEX, index, null).document(document);
  }

  /**
   * A {@code create} operation: fails with 409 when a document with the same id exists.
   *
   * @param index the target index (or data stream), or {@code null} for the helper's default index
   * @param document the document
   * @return the operation
   */
  public static BulkOperation create(String index, Object document) {
    return new BulkOperation(Type.CREATE, index, null).document(document);
  }

  /**
   * An {@code update} operation. Give it a partial document with {@link #document(Object)}, and/or an
   * {@link #upsert(Object)}, {@link #docAsUpsert(Boolean)} or a {@link #script(JsonObject)}.
   *
   * @param index the index, or {@code null} for the helper's default index
   * @param id the id of the document to update, required
   * @return the operation
   */
  public static BulkOperation update(String index, String id) {
    return new BulkOperation(Type.UPDATE, index, Objects.requireNonNull(id, "id"));
  }

  /**
   * A {@code delete} operation.
   *
   * @param index the index, or {@code null} for the helper's default index
   * @param id the id of the document to delete, required
   * @return the operation
   */
  public static BulkOperation delete(String index, String id) {
    return new BulkOperation(Type.DELETE, index, Objects.requireNonNull(id, "id"));
  }

  /** @return the action */
  public Type type() {
    return type;
  }

  /** @return the {@code _index}, or {@code null} for the helper's default */
  public String targetIndex() {
    return index;
  }

  /**
   * @param index the {@code _index} (the factories take it too; this replaces it)
   * @return this
   */
  public BulkOperation targetIndex(String index) {
    this.index = index;
    return this;
  }

  /** @return the {@code _id}, or {@code null} to let Elasticsearch generate one */
  public String id() {
    return id;
  }

  /**
   * @param id the {@code _id}
   * @return this
   */
  public BulkOperation id(String id) {
    this.id = id;
    return this;
  }

  /** @return the routing, or {@code null} */
  public String routing() {
    return routing;
  }

  /**
   * @param routing the shard routing value
   * @return this
   */
  public BulkOperation routing(String routing) {
    this.routing = routing;
    return this;
  }

  /** @return the ingest pipeline, or {@code null} */
  public String pipeline() {
    return pipeline;
  }

  /**
   * @param pipeline the ingest pipeline of this operation (index and create)
   * @return this
   */
  public BulkOperation pipeline(String pipeline) {
    this.pipeline = pipeline;
    return this;
  }

  /** @return the expected or external version, or {@code null} */
  public Long version() {
    return version;
  }

  /**
   * @param version the version (see {@link #versionType(String)})
   * @return this
   */
  public BulkOperation version(Long version) {
    this.version = version;
    return this;
  }

  /** @return the version type, or {@code null} */
  public String versionType() {
    return versionType;
  }

  /**
   * @param versionType {@code internal}, {@code external} or {@code external_gte}
   * @return this
   */
  public BulkOperation versionType(String versionType) {
    this.versionType = versionType;
    return this;
  }

  /** @return the required sequence number, or {@code null} */
  public Long ifSeqNo() {
    return ifSeqNo;
  }

  /**
   * @param ifSeqNo only apply when the document has this sequence number (with {@link #ifPrimaryTerm(Long)})
   * @return this
   */
  public BulkOperation ifSeqNo(Long ifSeqNo) {
    this.ifSeqNo = ifSeqNo;
    return this;
  }

  /** @return the required primary term, or {@code null} */
  public Long ifPrimaryTerm() {
    return ifPrimaryTerm;
  }

  /**
   * @param ifPrimaryTerm only apply when the document has this primary term
   * @return this
   */
  public BulkOperation ifPrimaryTerm(Long ifPrimaryTerm) {
    this.ifPrimaryTerm = ifPrimaryTerm;
    return this;
  }

  /** @return the update conflict retries, or {@code null} */
  public Integer retryOnConflict() {
    return retryOnConflict;
  }

  /**
   * @param retryOnConflict how often Elasticsearch retries an update on a version conflict (update only)
   * @return this
   */
  public BulkOperation retryOnConflict(Integer retryOnConflict) {
    this.retryOnConflict = retryOnConflict;
    return this;
  }

  /** @return whether the target must be an alias, or {@code null} */
  public Boolean requireAlias() {
    return requireAlias;
  }

  /**
   * @param requireAlias when {@code true} the target must be an alias
   * @return this
   */
  public BulkOperation requireAlias(Boolean requireAlias) {
    this.requireAlias = requireAlias;
    return this;
  }

  /** @return the dynamic templates by field path, or {@code null} */
  public Map<String, String> dynamicTemplates() {
    return dynamicTemplates;
  }

  /**
   * @param dynamicTemplates dynamic template names by field path (index and create)
   * @return this
   */
  public BulkOperation dynamicTemplates(Map<String, String> dynamicTemplates) {
    this.dynamicTemplates = dynamicTemplates == null ? null : new LinkedHashMap<>(dynamicTemplates);
    return this;
  }

  /** @return the document (for update: the partial document), or {@code null} */
  public Object document() {
    return document;
  }

  /**
   * @param document the document; for {@code update} the partial document sent as {@code doc}
   * @return this
   * @throws IllegalStateException for a {@code delete}
   */
  public BulkOperation document(Object document) {
    if (type == Type.DELETE && document != null) {
      throw new IllegalStateException("A delete operation has no document");
    }
    this.document = document;
    return this;
  }

  /** @return the update's upsert document, or {@code null} */
  public Object upsert() {
    return upsert;
  }

  /**
   * @param upsert the document indexed when the target does not exist (update only)
   * @return this
   */
  public BulkOperation upsert(Object upsert) {
    requireUpdate("upsert");
    this.upsert = upsert;
    return this;
  }

  /** @return the update's {@code doc_as_upsert}, or {@code null} */
  public Boolean docAsUpsert() {
    return docAsUpsert;
  }

  /**
   * @param docAsUpsert when {@code true} the partial document is indexed when the target does not exist
   * @return this
   */
  public BulkOperation docAsUpsert(Boolean docAsUpsert) {
    requireUpdate("doc_as_upsert");
    this.docAsUpsert = docAsUpsert;
    return this;
  }

  /** @return the update's script, or {@code null} */
  public JsonObject script() {
    return script;
  }

  /**
   * @param script the update script, e.g. {@code {"source": "ctx._source.n += params.d", "params": {"d": 1}}}
   * @return this
   */
  public BulkOperation script(JsonObject script) {
    requireUpdate("script");
    this.script = script;
    return this;
  }

  /** @return the update's {@code scripted_upsert}, or {@code null} */
  public Boolean scriptedUpsert() {
    return scriptedUpsert;
  }

  /**
   * @param scriptedUpsert when {@code true} the script runs also when the document does not exist
   * @return this
   */
  public BulkOperation scriptedUpsert(Boolean scriptedUpsert) {
    requireUpdate("scripted_upsert");
    this.scriptedUpsert = scriptedUpsert;
    return this;
  }

  private void requireUpdate(String what) {
    if (type != Type.UPDATE) {
      throw new IllegalStateException(what + " applies to update operations only");
    }
  }

  /** @return the action line's metadata object, e.g. {@code {"_index":"a","_id":"1"}} */
  public JsonObject metadata() {
    JsonObject meta = new JsonObject();
    putIfSet(meta, "_index", index);
    putIfSet(meta, "_id", id);
    putIfSet(meta, "routing", routing);
    putIfSet(meta, "pipeline", pipeline);
    putIfSet(meta, "version", version);
    putIfSet(meta, "version_type", versionType);
    putIfSet(meta, "if_seq_no", ifSeqNo);
    putIfSet(meta, "if_primary_term", ifPrimaryTerm);
    putIfSet(meta, "retry_on_conflict", retryOnConflict);
    putIfSet(meta, "require_alias", requireAlias);
    if (dynamicTemplates != null) {
      meta.put("dynamic_templates", new JsonObject(new LinkedHashMap<>(dynamicTemplates)));
    }
    return meta;
  }

  private static void putIfSet(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  /**
   * Serialises the operation: the action line and, except for {@code delete}, the source line, each ended with a
   * newline. Newlines inside raw JSON documents (pretty-printed JSON) are replaced by spaces, which is safe because
   * JSON strings cannot contain raw newlines.
   *
   * @return the NDJSON bytes
   * @throws SerializationException when the document cannot be written as JSON
   * @throws IllegalStateException when an operation misses what it needs (e.g. an update with nothing to apply)
   */
  public Buffer toNdjson() {
    return toNdjson(ElasticsearchClientOptions.defaultObjectMapper(), null);
  }

  /**
   * Writes the operation as NDJSON with the given mapper, and with a given id when it has none of its own (the
   * operation is not changed).
   *
   * @param mapper the mapper of the documents (the client's)
   * @param defaultId the {@code _id} to write when {@link #id()} is {@code null}, or {@code null}
   * @return the action line and, but for deletes, the source line, each ending with a newline
   * @throws IllegalStateException when a required document is missing
   * @throws SerializationException when the document cannot be written
   */
  public Buffer toNdjson(ObjectMapper mapper, String defaultId) {
    Buffer out = Buffer.buffer(256);
    writeNdjson(RequestBodies.appendingTo(out), mapper, defaultId);
    return out;
  }

  /**
   * Writes the operation as NDJSON to a stream, as {@link #toNdjson(ObjectMapper, String)} returns it: what the bulk
   * helper does to put operations straight into the body of a request.
   *
   * @param out where the lines go; it is not flushed or closed
   * @param mapper the mapper of the documents (the client's)
   * @param defaultId the {@code _id} to write when {@link #id()} is {@code null}, or {@code null}
   * @throws IllegalStateException when a required document is missing; nothing was written then
   * @throws SerializationException when the document cannot be written or {@code out} fails; part of the lines may
   *     have been written then
   */
  public void writeNdjson(OutputStream out, ObjectMapper mapper, String defaultId) {
    if (type == Type.UPDATE && document == null && script == null && upsert == null) {
      throw new IllegalStateException("An update operation needs a document, a script or an upsert");
    }
    if ((type == Type.INDEX || type == Type.CREATE) && document == null) {
      throw new IllegalStateException("A " + type.action() + " operation needs a document");
    }
    NdjsonWriter writer = NdjsonWriter.acquire();
    try {
      JsonGenerator g = writer.open(out, mapper);
      writeActionLine(g, id != null ? id : defaultId);
      g.writeRaw('\n');
      if (type == Type.UPDATE) {
        writeUpdateBody(g, mapper);
        g.writeRaw('\n');
      } else if (type != Type.DELETE) {
        if (isRawJson(document)) {
          g.flush();
          writeRawJson(out, document, mapper);
        } else {
          mapper.writeValue(g, document);
        }
        g.writeRaw('\n');
      }
      writer.finish();
    } catch (IOException | RuntimeException e) {
      writer.abandon();
      if (e instanceof SerializationException se) {
        throw se;
      }
      throw new SerializationException("The " + type.action() + " operation cannot be written as NDJSON: "
        + e.getMessage(), e);
    }
  }

  private void writeUpdateBody(JsonGenerator g, ObjectMapper mapper) throws IOException {
    g.writeStartObject();
    writeValueIfSet(g, "doc", document, mapper);
    writeValueIfSet(g, "upsert", upsert, mapper);
    writeValueIfSet(g, "script", script, mapper);
    if (docAsUpsert != null) {
      g.writeBooleanField("doc_as_upsert", docAsUpsert);
    }
    if (scriptedUpsert != null) {
      g.writeBooleanField("scripted_upsert", scriptedUpsert);
    }
    g.writeEndObject();
  }

  private static void writeValueIfSet(JsonGenerator g, String name, Object value, ObjectMapper mapper)
    throws IOException {
    if (value == null) {
      return;
    }
    g.writeFieldName(name);
    if (isRawJson(value)) {
      g.writeRawValue(withoutLineBreaks(RequestBodies.json(value, mapper).toString()));
    } else {
      mapper.writeValue(g, value);
    }
  }

  /**
   * The action line: {@code {"<action>":{metadata}}}. The common line, with no metadata but {@code _index} and
   * {@code _id}, is written from a pre-encoded prefix: only the id goes through the generator.
   */
  private void writeActionLine(JsonGenerator g, String id) throws IOException {
    if (routing == null && pipeline == null && version == null && versionType == null && ifSeqNo == null
      && ifPrimaryTerm == null && retryOnConflict == null && requireAlias == null && dynamicTemplates == null) {
      ActionLinePrefix prefix = ActionLinePrefix.of(type, index);
      g.writeRaw(prefix.text);
      if (id != null) {
        g.writeRaw(index != null ? ActionLinePrefix.ID_AFTER_INDEX : ActionLinePrefix.ID_FIRST);
        g.writeString(id);
      }
      g.writeRaw(ActionLinePrefix.END);
      return;
    }
    writeFullActionLine(g, id);
  }

  /** The action line field by field, for operations with more metadata than an index and an id. */
  private void writeFullActionLine(JsonGenerator g, String id) throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart(type.action());
    writeIfSet(g, "_index", index);
    writeIfSet(g, "_id", id);
    writeIfSet(g, "routing", routing);
    writeIfSet(g, "pipeline", pipeline);
    if (version != null) {
      g.writeNumberField("version", version);
    }
    writeIfSet(g, "version_type", versionType);
    if (ifSeqNo != null) {
      g.writeNumberField("if_seq_no", ifSeqNo);
    }
    if (ifPrimaryTerm != null) {
      g.writeNumberField("if_primary_term", ifPrimaryTerm);
    }
    if (retryOnConflict != null) {
      g.writeNumberField("retry_on_conflict", retryOnConflict);
    }
    if (requireAlias != null) {
      g.writeBooleanField("require_alias", requireAlias);
    }
    if (dynamicTemplates != null) {
      g.writeObjectFieldStart("dynamic_templates");
      for (Map.Entry<String, String> e : dynamicTemplates.entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeIfSet(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  /** @return whether the caller handed over JSON text or bytes rather than an object to serialise */
  private static boolean isRawJson(Object value) {
    return value instanceof Buffer || value instanceof String || value instanceof byte[];
  }

  /**
   * Writes caller-supplied JSON. It may be pretty-printed: line breaks become spaces, which is safe because JSON
   * strings cannot hold raw line breaks. JSON written by Jackson never holds one, so only raw JSON is scanned.
   */
  private static void writeRawJson(OutputStream out, Object value, ObjectMapper mapper) throws IOException {
    byte[] json = RequestBodies.json(value, mapper).getBytes();
    for (int i = 0; i < json.length; i++) {
      if (json[i] == '\n' || json[i] == '\r') {
        json[i] = ' ';
      }
    }
    out.write(json);
  }

  private static String withoutLineBreaks(String json) {
    return json.indexOf('\n') < 0 && json.indexOf('\r') < 0 ? json : json.replace('\n', ' ').replace('\r', ' ');
  }

  /** @return the action and metadata; never the document */
  @Override
  public String toString() {
    return type.action() + metadata().encode();
  }
}
