package dev.scientistages.redrive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scientistages.serde.JsonSerde;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * Where the redrive stands in one partition of the dead-letter topic, as its consumer group stores
 * it (offset and metadata, committed in the same transaction as the sends).
 *
 * <p>The offset is a watermark: every dead letter before it has been handled, that is sent back or
 * refused as a loop, by some run. Past it, the metadata lists the narrower selections that went
 * further, each with how far it got: a dead letter past the watermark was handled if and only if
 * one of them selects it and it lies before that selection's end. So a dead letter is handled at
 * most once, whatever the selections of the runs, and one that a run skipped stays to be handled by
 * a later run that selects it. The watermark moves up to the first dead letter not yet handled; a
 * run that selects everything moves it to where it stopped and leaves no metadata.
 */
public final class RedrivePosition {
  /** Kafka's default limit of a committed offset's metadata ({@code offset.metadata.max.bytes}). */
  public static final int MAX_METADATA_CHARS = 4096;

  private static final String VERSION = "redrive-position-v1";

  /** A selection that handled, past the watermark, what it selects before {@code upTo}. */
  public record Done(PartitionSelection selection, long upTo) {}

  private final long watermark;
  private final List<Done> done;

  public RedrivePosition(long watermark, List<Done> done) {
    this.watermark = watermark;
    this.done = List.copyOf(done);
  }

  /** Nothing handled yet: from the start of the partition. */
  public static RedrivePosition start() {
    return new RedrivePosition(0, List.of());
  }

  /**
   * The position a group committed, or the start when it committed none.
   *
   * @throws IllegalArgumentException when the metadata is not one a redrive wrote
   */
  public static RedrivePosition of(OffsetAndMetadata committed) {
    if (committed == null) {
      return start();
    }
    String metadata = committed.metadata();
    if (metadata == null || metadata.isEmpty()) {
      return new RedrivePosition(committed.offset(), List.of());
    }
    try {
      JsonNode n = JsonSerde.MAPPER.readTree(metadata);
      if (!VERSION.equals(n.path("format").asText())) {
        throw new IllegalArgumentException("not a redrive position: " + metadata);
      }
      List<Done> done = new ArrayList<>();
      for (JsonNode d : n.path("done")) {
        if (!d.path("upTo").isIntegralNumber()) {
          throw new IllegalArgumentException("an entry without upTo: " + d);
        }
        done.add(
            new Done(PartitionSelection.fromJson(d.path("selection")), d.get("upTo").asLong()));
      }
      return new RedrivePosition(committed.offset(), done);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a redrive position: " + metadata, e);
    }
  }

  public long watermark() {
    return watermark;
  }

  public List<Done> done() {
    return done;
  }

  /** Whether an earlier run handled (sent or refused) this dead letter of the partition. */
  public boolean handled(ConsumerRecord<byte[], byte[]> r) {
    if (r.offset() < watermark) {
      return true;
    }
    for (Done d : done) {
      if (r.offset() < d.upTo() && d.selection().selects(r)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The position after a run with {@code selection} has read from the watermark up to {@code
   * position}, handling everything it selects there.
   *
   * @param firstUnhandled the first offset at or after the watermark that is still not handled (one
   *     the run skipped), or -1 when there is none before {@code position}
   */
  public RedrivePosition after(PartitionSelection selection, long firstUnhandled, long position) {
    long next = Math.max(watermark, firstUnhandled >= 0 ? firstUnhandled : position);
    List<Done> kept = new ArrayList<>();
    boolean merged = false;
    for (Done d : done) {
      if (d.selection().equals(selection)) {
        d = new Done(selection, Math.max(d.upTo(), position));
        merged = true;
      }
      if (d.upTo() > next) {
        kept.add(d);
      }
    }
    if (!merged && position > next) {
      kept.add(new Done(selection, position));
    }
    return new RedrivePosition(next, kept);
  }

  /** The offset and metadata to commit. */
  public OffsetAndMetadata toOffsetAndMetadata() {
    return new OffsetAndMetadata(watermark, metadata());
  }

  /** The metadata: empty when no selection went past the watermark. */
  public String metadata() {
    if (done.isEmpty()) {
      return "";
    }
    ObjectNode n = JsonSerde.MAPPER.createObjectNode();
    n.put("format", VERSION);
    ArrayNode list = n.putArray("done");
    for (Done d : done) {
      ObjectNode entry = list.addObject();
      entry.put("upTo", d.upTo());
      entry.set("selection", d.selection().toJson());
    }
    return n.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RedrivePosition p && p.watermark == watermark && p.done.equals(done);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(watermark) * 31 + done.hashCode();
  }

  @Override
  public String toString() {
    return watermark + (done.isEmpty() ? "" : " " + metadata());
  }
}
