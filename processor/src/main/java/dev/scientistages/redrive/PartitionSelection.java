package dev.scientistages.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scientistages.deadletter.DeadLetterHeaders;
import dev.scientistages.serde.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A {@link RedriveSelection} as it applies to one partition of the dead-letter topic: a pure
 * function of a dead letter (its headers, key, timestamp and offset), so that a later run can tell
 * exactly which dead letters an earlier run selected. Null bounds are absent.
 */
public record PartitionSelection(
    Set<String> reasons,
    Set<String> keys,
    Long fromTime,
    Long untilTime,
    Long fromOffset,
    Long untilOffset,
    boolean anyTopic) {

  /** What a selection makes of one dead letter. */
  public enum Verdict {
    /** Selected: to send, or to refuse as a loop. */
    SELECTED,
    /** Outside the selection. */
    SKIPPED,
    /** Inside it, but without a source topic header to send it back to (and no {@code --to}). */
    NO_SOURCE_TOPIC
  }

  public PartitionSelection {
    reasons = Set.copyOf(reasons);
    keys = Set.copyOf(keys);
  }

  public Verdict classify(ConsumerRecord<byte[], byte[]> r) {
    if (!reasons.isEmpty()
        && !reasons.contains(
            String.valueOf(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON)))) {
      return Verdict.SKIPPED;
    }
    if (!keys.isEmpty() && !hasKey(r.key())) {
      return Verdict.SKIPPED;
    }
    if ((fromTime != null && r.timestamp() < fromTime)
        || (untilTime != null && r.timestamp() >= untilTime)
        || (fromOffset != null && r.offset() < fromOffset)
        || (untilOffset != null && r.offset() >= untilOffset)) {
      return Verdict.SKIPPED;
    }
    if (!anyTopic && DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.TOPIC) == null) {
      return Verdict.NO_SOURCE_TOPIC;
    }
    return Verdict.SELECTED;
  }

  public boolean selects(ConsumerRecord<byte[], byte[]> r) {
    return classify(r) == Verdict.SELECTED;
  }

  private boolean hasKey(byte[] key) {
    return key != null
        && keys.stream().anyMatch(k -> Arrays.equals(k.getBytes(StandardCharsets.UTF_8), key));
  }

  /** As JSON, with sorted sets: the same selection always gives the same text. */
  ObjectNode toJson() {
    ObjectNode n = JsonSerde.MAPPER.createObjectNode();
    ArrayNode r = n.putArray("reasons");
    new TreeSet<>(reasons).forEach(r::add);
    ArrayNode k = n.putArray("keys");
    new TreeSet<>(keys).forEach(k::add);
    putIfSet(n, "fromTime", fromTime);
    putIfSet(n, "untilTime", untilTime);
    putIfSet(n, "fromOffset", fromOffset);
    putIfSet(n, "untilOffset", untilOffset);
    n.put("anyTopic", anyTopic);
    return n;
  }

  static PartitionSelection fromJson(JsonNode n) {
    Set<String> reasons = new TreeSet<>();
    n.path("reasons").forEach(v -> reasons.add(v.asText()));
    Set<String> keys = new TreeSet<>();
    n.path("keys").forEach(v -> keys.add(v.asText()));
    if (!n.path("anyTopic").isBoolean()) {
      throw new IllegalArgumentException("a selection without anyTopic: " + n);
    }
    return new PartitionSelection(
        reasons,
        keys,
        longOrNull(n, "fromTime"),
        longOrNull(n, "untilTime"),
        longOrNull(n, "fromOffset"),
        longOrNull(n, "untilOffset"),
        n.get("anyTopic").asBoolean());
  }

  private static void putIfSet(ObjectNode n, String field, Long value) {
    if (value != null) {
      n.put(field, value);
    }
  }

  private static Long longOrNull(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(field + " is not a whole number: " + v);
    }
    return v.asLong();
  }
}
