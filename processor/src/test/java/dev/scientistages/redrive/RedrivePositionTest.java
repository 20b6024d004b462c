package dev.scientistages.redrive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scientistages.deadletter.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * The stored position: a dead letter is handled at most once whatever the selections of the runs,
 * and one a run skipped stays for a later run that selects it.
 */
class RedrivePositionTest {
  private static final PartitionSelection ALL = sel(Set.of());
  private static final PartitionSelection BORN_AFTER = sel(Set.of("BORN_AFTER_REFERENCE_YEAR"));
  private static final PartitionSelection MISSING_BORN = sel(Set.of("MISSING_BORN"));

  /** Dead letters 0..9 of one partition: even offsets BORN_AFTER, odd ones MISSING_BORN. */
  private static final List<ConsumerRecord<byte[], byte[]>> LETTERS = letters(10);

  @Test
  void shouldStartAtZeroWhenTheGroupCommittedNothing() {
    assertThat(RedrivePosition.of(null)).isEqualTo(RedrivePosition.start());
    assertThat(RedrivePosition.of(new OffsetAndMetadata(7, "")).watermark()).isEqualTo(7);
  }

  @Test
  void shouldMoveTheWatermarkToTheEndWhenEverythingWasSelected() {
    RedrivePosition after = RedrivePosition.start().after(ALL, -1, 10);
    assertThat(after.watermark()).isEqualTo(10);
    assertThat(after.done()).isEmpty();
    assertThat(after.metadata()).isEmpty();
    assertThat(LETTERS).allMatch(after::handled);
  }

  @Test
  void shouldKeepWhatANarrowRunSkippedAndRememberWhatItHandled() {
    // A run of BORN_AFTER reads 0..9: it skips offset 1 first, so the watermark stays at 1.
    RedrivePosition p = RedrivePosition.start().after(BORN_AFTER, 1, 10);
    assertThat(p.watermark()).isEqualTo(1);
    assertThat(p.done()).containsExactly(new RedrivePosition.Done(BORN_AFTER, 10));
    assertThat(handledOffsets(p)).containsExactly(0L, 2L, 4L, 6L, 8L);

    // Through the group's metadata and back, the same.
    RedrivePosition stored = RedrivePosition.of(p.toOffsetAndMetadata());
    assertThat(stored).isEqualTo(p);
    assertThat(handledOffsets(stored)).containsExactly(0L, 2L, 4L, 6L, 8L);

    // Then MISSING_BORN from the watermark: it handles the odd ones; everything is handled, so
    // the watermark moves to the end and no selection needs remembering.
    RedrivePosition both = stored.after(MISSING_BORN, -1, 10);
    assertThat(both.watermark()).isEqualTo(10);
    assertThat(both.done()).isEmpty();
  }

  @Test
  void shouldNotHandleTwiceWhatANarrowRunSentBeforeAWiderOne() {
    RedrivePosition p = RedrivePosition.start().after(BORN_AFTER, 1, 10);
    // A run of everything from the watermark sends only what is not handled: the odd ones.
    List<Long> toSend = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : LETTERS) {
      if (r.offset() >= p.watermark() && !p.handled(r)) {
        toSend.add(r.offset());
      }
    }
    assertThat(toSend).containsExactly(1L, 3L, 5L, 7L, 9L);
  }

  @Test
  void shouldMergeRunsOfOneSelectionAndDropWhatTheWatermarkPassed() {
    RedrivePosition first = RedrivePosition.start().after(BORN_AFTER, 1, 4);
    RedrivePosition second = first.after(BORN_AFTER, 1, 10);
    assertThat(second.done()).containsExactly(new RedrivePosition.Done(BORN_AFTER, 10));
    // A selection that handled no more than the watermark is forgotten.
    RedrivePosition third = second.after(MISSING_BORN, -1, 10);
    assertThat(third.done()).isEmpty();
    // An interrupted run keeps the furthest end of its selection.
    assertThat(second.after(BORN_AFTER, 1, 3).done())
        .containsExactly(new RedrivePosition.Done(BORN_AFTER, 10));
  }

  @Test
  void shouldRememberBoundsKeysAndTheTargetFlagExactly() {
    PartitionSelection narrow =
        new PartitionSelection(
            Set.of("MISSING_BORN", "MALFORMED_JSON"),
            Set.of("Ada", "Émilie"),
            5L,
            900L,
            2L,
            8L,
            true);
    RedrivePosition p = RedrivePosition.start().after(narrow, 0, 10);
    assertThat(RedrivePosition.of(p.toOffsetAndMetadata()).done())
        .containsExactly(new RedrivePosition.Done(narrow, 10));
  }

  @Test
  void shouldRefuseMetadataItDidNotWrite() {
    assertThatThrownBy(() -> RedrivePosition.of(new OffsetAndMetadata(3, "something else")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a redrive position");
    assertThatThrownBy(() -> RedrivePosition.of(new OffsetAndMetadata(3, "{\"format\":\"v9\"}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Long> handledOffsets(RedrivePosition p) {
    return LETTERS.stream().filter(p::handled).map(ConsumerRecord::offset).toList();
  }

  private static PartitionSelection sel(Set<String> reasons) {
    return new PartitionSelection(reasons, Set.of(), null, null, null, null, false);
  }

  static List<ConsumerRecord<byte[], byte[]>> letters(int n) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          letter(
              i,
              "S" + i,
              i % 2 == 0 ? "BORN_AFTER_REFERENCE_YEAR" : "MISSING_BORN",
              "scientists",
              1000L * i));
    }
    return out;
  }

  static ConsumerRecord<byte[], byte[]> letter(
      long offset, String key, String reason, String topic, long timestamp) {
    RecordHeaders headers = new RecordHeaders();
    if (topic != null) {
      headers.add(DeadLetterHeaders.TOPIC, utf8(topic));
    }
    if (reason != null) {
      headers.add(DeadLetterHeaders.REASON, utf8(reason));
    }
    return new ConsumerRecord<>(
        "scientists.dlq",
        0,
        offset,
        timestamp,
        TimestampType.CREATE_TIME,
        -1,
        -1,
        key == null ? null : utf8(key),
        utf8("{}"),
        headers,
        Optional.empty());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
