package dev.sharedcontext.server.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.Patch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * A small JSON writer over Jackson's generator that can splice a document's canonical bytes in
 * without turning them into a String first. Not thread-safe; one per message.
 */
final class JsonOut {
  // The streaming factory alone, not an ObjectMapper: building a mapper loads a few hundred
  // databind classes (and the JDK's locale data for its date format), which a fresh server
  // would otherwise pay on its first answer. Trees are written by walkTree below instead.
  // The target is the caller's (a ByteBuf being filled): closing the generator must not close it.
  private static final JsonFactory FACTORY =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private final OutputStream out;
  private final JsonGenerator gen;

  private JsonOut(OutputStream out) {
    this.out = out;
    try {
      this.gen = FACTORY.createGenerator(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A writer collecting into a byte array; finish with {@link #toByteArray()}. */
  static JsonOut bytes() {
    return new JsonOut(new ByteArrayOutputStream(256));
  }

  /** A writer appending to {@code buf}; finish with {@link #finish()}. */
  static JsonOut into(ByteBuf buf) {
    return new JsonOut(new ByteBufOutputStream(buf));
  }

  JsonOut startObject() {
    return run(gen::writeStartObject);
  }

  JsonOut endObject() {
    return run(gen::writeEndObject);
  }

  JsonOut startArray() {
    return run(gen::writeStartArray);
  }

  JsonOut endArray() {
    return run(gen::writeEndArray);
  }

  JsonOut field(String name, String value) {
    return run(() -> {
      if (value == null) {
        gen.writeNullField(name);
      } else {
        gen.writeStringField(name, value);
      }
    });
  }

  JsonOut field(String name, long value) {
    return run(() -> gen.writeNumberField(name, value));
  }

  JsonOut field(String name, double value) {
    return run(() -> gen.writeNumberField(name, value));
  }

  JsonOut field(String name, boolean value) {
    return run(() -> gen.writeBooleanField(name, value));
  }

  /** A field holding any simple value: String, Number, Boolean, JsonNode, or null. */
  JsonOut value(String name, Object value) {
    if (value instanceof String s) {
      return field(name, s);
    }
    if (value instanceof Integer || value instanceof Long) {
      return field(name, ((Number) value).longValue());
    }
    if (value instanceof Number n) {
      return field(name, n.doubleValue());
    }
    if (value instanceof Boolean b) {
      return field(name, b.booleanValue());
    }
    if (value instanceof JsonNode node) {
      return tree(name, node);
    }
    if (value instanceof Iterable<?> items) {
      run(() -> gen.writeArrayFieldStart(name));
      for (Object item : items) {
        run(() -> gen.writeString(String.valueOf(item)));
      }
      return endArray();
    }
    return run(() -> gen.writeNullField(name));
  }

  JsonOut tree(String name, JsonNode node) {
    return run(() -> {
      gen.writeFieldName(name);
      walkTree(node);
    });
  }

  /**
   * Writes {@code node} through the generator. Jackson's own ways need a mapper: the generator of
   * a bare factory has no codec for writeTree, and a node's serialize(gen, provider) reads
   * features from the provider (an ObjectNode fails without one).
   */
  private void walkTree(JsonNode node) throws IOException {
    if (node.isObject()) {
      gen.writeStartObject();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> member = it.next();
        gen.writeFieldName(member.getKey());
        walkTree(member.getValue());
      }
      gen.writeEndObject();
    } else if (node.isArray()) {
      gen.writeStartArray();
      for (JsonNode item : node) {
        walkTree(item);
      }
      gen.writeEndArray();
    } else if (node.isTextual()) {
      gen.writeString(node.textValue());
    } else if (node.isBoolean()) {
      gen.writeBoolean(node.booleanValue());
    } else if (node.isInt() || node.isLong() || node.isShort()) {
      gen.writeNumber(node.longValue());
    } else if (node.isBigInteger()) {
      gen.writeNumber(node.bigIntegerValue());
    } else if (node.isBigDecimal()) {
      gen.writeNumber(node.decimalValue());
    } else if (node.isNumber()) {
      gen.writeNumber(node.doubleValue());
    } else if (node.isNull() || node.isMissingNode()) {
      gen.writeNull();
    } else {
      gen.writeString(node.asText()); // binary or POJO nodes: never built by the server's parsers
    }
  }

  JsonOut name(String name) {
    return run(() -> gen.writeFieldName(name));
  }

  /** A field whose value is the document's canonical JSON, copied byte for byte. */
  JsonOut document(String name, ContextDocument document) {
    return run(() -> {
      gen.writeFieldName(name);
      // An empty raw value makes the generator emit the ':' and count a value written; then
      // the bytes go straight to the stream behind it, after flushing what it buffered.
      gen.writeRawValue("");
      gen.flush();
      document.writeCanonical(out);
    });
  }

  /** A field whose value is a patch's JSON form. */
  JsonOut patch(String name, Patch patch) {
    return run(() -> {
      gen.writeFieldName(name);
      gen.writeRawValue(patch.toJson());
    });
  }

  /**
   * Flushes everything into the target and ends the message. Closing (not just flushing) hands
   * the generator's buffers (some 10 KB) back to Jackson's per-thread recycler: without it every
   * answer and every WebSocket message allocated them anew, about a fifth of the bytes a commit
   * allocated (JFR allocation samples under {@code POST /diff} load).
   */
  JsonOut finish() {
    return run(gen::close);
  }

  byte[] toByteArray() {
    finish();
    return ((ByteArrayOutputStream) out).toByteArray();
  }

  private JsonOut run(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }
}
