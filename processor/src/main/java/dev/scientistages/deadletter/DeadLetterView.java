package dev.scientistages.deadletter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scientistages.serde.JsonSerde;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A dead-letter record as one JSON line: why, where from, how many times it was redriven already (a
 * dead letter of a redriven record is told from its first one by it), and the original key and
 * value.
 */
public final class DeadLetterView {
  private DeadLetterView() {}

  public static String toJson(ConsumerRecord<byte[], byte[]> r) {
    ObjectNode n = JsonSerde.MAPPER.createObjectNode();
    n.put("reason", header(r, DeadLetterHeaders.REASON));
    n.put("error", header(r, DeadLetterHeaders.MESSAGE));
    n.put("exception", header(r, DeadLetterHeaders.EXCEPTION));
    n.put(
        "source",
        header(r, DeadLetterHeaders.TOPIC)
            + "-"
            + header(r, DeadLetterHeaders.PARTITION)
            + "@"
            + header(r, DeadLetterHeaders.OFFSET));
    n.put("redrives", DeadLetterHeaders.redrives(r.headers()));
    putBytes(n, "key", r.key());
    putBytes(n, "value", r.value());
    return n.toString();
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return DeadLetterHeaders.text(r.headers(), name);
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
