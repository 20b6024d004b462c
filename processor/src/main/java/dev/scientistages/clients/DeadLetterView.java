package dev.scientistages.clients;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scientistages.errors.Reason;
import dev.scientistages.serde.JsonSerde;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** A dead-letter record as one JSON line: why, where from, and the original key and value. */
public final class DeadLetterView {
  private DeadLetterView() {}

  public static String toJson(ConsumerRecord<byte[], byte[]> r) {
    ObjectNode n = JsonSerde.MAPPER.createObjectNode();
    n.put("reason", header(r, Reason.HEADER));
    n.put("error", header(r, "__streams.errors.message"));
    n.put("exception", header(r, "__streams.errors.exception"));
    n.put(
        "source",
        header(r, "__streams.errors.topic")
            + "-"
            + header(r, "__streams.errors.partition")
            + "@"
            + header(r, "__streams.errors.offset"));
    putBytes(n, "key", r.key());
    putBytes(n, "value", r.value());
    return n.toString();
  }

  /** A header's value as text, or null when the record lacks it. */
  public static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** Bytes as a string when they are valid UTF-8, else as {@code <field>_base64}. */
  private static void putBytes(ObjectNode n, String field, byte[] bytes) {
    if (bytes == null) {
      n.putNull(field);
      return;
    }
    try {
      n.put(
          field,
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      n.put(field + "_base64", Base64.getEncoder().encodeToString(bytes));
    }
  }
}
