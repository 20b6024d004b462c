package dev.scientistages.redrive;

import static dev.scientistages.redrive.RedrivePositionTest.letter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scientistages.redrive.PartitionSelection.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedriveSelectionTest {
  @Test
  void shouldParseReasonCodesCommaSeparatedAndRepeated() {
    assertThat(
            RedriveSelection.parseReasons(
                List.of("born_after_reference_year,MISSING_BORN", "NULL_VALUE")))
        .containsExactly("BORN_AFTER_REFERENCE_YEAR", "MISSING_BORN", "NULL_VALUE");
    assertThatThrownBy(() -> RedriveSelection.parseReasons(List.of("MISSING_BORN,NOPE")))
        .isInstanceOf(InvalidSelectionException.class)
        .hasMessageStartingWith("--reason: 'NOPE' is not a reason code; the codes are [")
        .hasMessageContaining("MALFORMED_JSON");
  }

  @Test
  void shouldParseATimeADateOrOffsetsByPartition() {
    assertThat(RedriveSelection.parseBound("--from", "2024-05-01T12:00:00Z"))
        .isEqualTo(new RedriveSelection.Time(Instant.parse("2024-05-01T12:00:00Z")));
    assertThat(RedriveSelection.parseBound("--from", "2024-05-01T14:00:00+02:00"))
        .isEqualTo(new RedriveSelection.Time(Instant.parse("2024-05-01T12:00:00Z")));
    assertThat(RedriveSelection.parseBound("--until", "2024-05-01"))
        .isEqualTo(new RedriveSelection.Time(Instant.parse("2024-05-01T00:00:00Z")));
    assertThat(RedriveSelection.parseBound("--from", "0:120,3:7"))
        .isEqualTo(new RedriveSelection.Offsets(Map.of(0, 120L, 3, 7L)));
    for (String bad :
        List.of("yesterday", "3:", "1:2,1:3", "-1:5", "2024-13-01", "99999999999:1")) {
      assertThatThrownBy(() -> RedriveSelection.parseBound("--from", bad))
          .as(bad)
          .isInstanceOf(InvalidSelectionException.class)
          .hasMessageStartingWith("--from: ");
    }
  }

  @Test
  void shouldRefuseAnEmptyTimeRangeAndPartitionsTheTopicLacks() {
    assertThatThrownBy(
            () ->
                new RedriveSelection(
                    Set.of(),
                    Set.of(),
                    RedriveSelection.parseBound("--from", "2024-05-02"),
                    RedriveSelection.parseBound("--until", "2024-05-01"),
                    false))
        .isInstanceOf(InvalidSelectionException.class)
        .hasMessageStartingWith("--until: ");
    RedriveSelection offsets =
        new RedriveSelection(
            Set.of(), Set.of(), null, RedriveSelection.parseBound("--until", "12:5"), false);
    assertThatThrownBy(() -> offsets.checkPartitions("scientists.dlq", 12))
        .isInstanceOf(InvalidSelectionException.class)
        .hasMessage("--until: 'scientists.dlq' has no partition 12 (it has 12, from 0)");
  }

  @Test
  void shouldSelectByReasonKeyTimeAndOffset() {
    RedriveSelection selection =
        new RedriveSelection(
            Set.of("MISSING_BORN"),
            Set.of("Ada"),
            new RedriveSelection.Time(Instant.ofEpochMilli(100)),
            new RedriveSelection.Offsets(Map.of(0, 10L)),
            false);
    PartitionSelection p0 = selection.forPartition(0);
    assertThat(p0.classify(letter(3, "Ada", "MISSING_BORN", "scientists", 100)))
        .isEqualTo(Verdict.SELECTED);
    assertThat(p0.classify(letter(3, "Ada", "MALFORMED_JSON", "scientists", 100)))
        .isEqualTo(Verdict.SKIPPED);
    assertThat(p0.classify(letter(3, "Ada", null, "scientists", 100))).isEqualTo(Verdict.SKIPPED);
    assertThat(p0.classify(letter(3, "Bob", "MISSING_BORN", "scientists", 100)))
        .isEqualTo(Verdict.SKIPPED);
    assertThat(p0.classify(letter(3, null, "MISSING_BORN", "scientists", 100)))
        .isEqualTo(Verdict.SKIPPED);
    assertThat(p0.classify(letter(3, "Ada", "MISSING_BORN", "scientists", 99)))
        .isEqualTo(Verdict.SKIPPED);
    assertThat(p0.classify(letter(10, "Ada", "MISSING_BORN", "scientists", 100)))
        .isEqualTo(Verdict.SKIPPED);
    assertThat(p0.classify(letter(3, "Ada", "MISSING_BORN", null, 100)))
        .isEqualTo(Verdict.NO_SOURCE_TOPIC);
    // Partition 1 has no offset bound.
    assertThat(selection.forPartition(1).untilOffset()).isNull();
    assertThat(selection.untilOffset(1)).isEqualTo(Long.MAX_VALUE);
    assertThat(selection.untilOffset(0)).isEqualTo(10);
  }

  @Test
  void shouldSendDeadLettersWithoutASourceTopicOnlyWithATarget() {
    assertThat(
            RedriveSelection.everything(true)
                .forPartition(0)
                .classify(letter(0, "Ada", "MISSING_BORN", null, 0)))
        .isEqualTo(Verdict.SELECTED);
    assertThat(
            RedriveSelection.everything(false)
                .forPartition(0)
                .classify(letter(0, "Ada", "MISSING_BORN", null, 0)))
        .isEqualTo(Verdict.NO_SOURCE_TOPIC);
  }

  @Test
  void shouldDescribeTheSelectionInTheOptionsWords() {
    assertThat(RedriveSelection.everything(false).describe()).isEqualTo("every reason");
    assertThat(
            new RedriveSelection(
                    Set.of("MISSING_BORN"),
                    Set.of("Bo", "Al"),
                    RedriveSelection.parseBound("--from", "2024-05-01"),
                    RedriveSelection.parseBound("--until", "3:7,0:1"),
                    false)
                .describe())
        .isEqualTo(
            "reason MISSING_BORN, key ['Al', 'Bo'], from 2024-05-01T00:00:00Z, until 0:1,3:7");
  }
}
