package dev.scientistages.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.support.DeadLetterContract;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {
  /** Kafka's names are internal to Kafka Streams: an upgrade that changes them fails here. */
  @Test
  void shouldNameKafkaStreamsOwnHeadersAsKafkaDoes() {
    assertThat(DeadLetterHeaders.EXCEPTION)
        .isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME);
    assertThat(DeadLetterHeaders.MESSAGE)
        .isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME);
    assertThat(DeadLetterHeaders.STACKTRACE)
        .isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_STACKTRACE_NAME);
    assertThat(DeadLetterHeaders.TOPIC).isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME);
    assertThat(DeadLetterHeaders.PARTITION)
        .isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME);
    assertThat(DeadLetterHeaders.OFFSET).isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME);
  }

  /** The test kit states the headers apart, as a reader of the topic sees them. */
  @Test
  void shouldNameTheHeadersAsTheTestKitReadsThem() {
    assertThat(DeadLetterHeaders.TOPIC).isEqualTo(DeadLetterContract.TOPIC);
    assertThat(DeadLetterHeaders.PARTITION).isEqualTo(DeadLetterContract.PARTITION);
    assertThat(DeadLetterHeaders.OFFSET).isEqualTo(DeadLetterContract.OFFSET);
    assertThat(DeadLetterHeaders.REASON).isEqualTo(DeadLetterContract.REASON);
    assertThat(DeadLetterHeaders.REDRIVES).isEqualTo(DeadLetterContract.REDRIVES);
  }

  @Test
  void shouldReadTheLastValueAsText() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(DeadLetterHeaders.REASON, "MISSING_BORN".getBytes(StandardCharsets.UTF_8));
    headers.add(DeadLetterHeaders.REASON, "NULL_VALUE".getBytes(StandardCharsets.UTF_8));
    headers.add(DeadLetterHeaders.TOPIC, null);
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.REASON)).isEqualTo("NULL_VALUE");
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.TOPIC)).isNull();
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.OFFSET)).isNull();
  }

  @Test
  void shouldCountTheRedrivesOfARecord() {
    RecordHeaders headers = new RecordHeaders();
    assertThat(DeadLetterHeaders.redrives(headers)).isZero();
    headers.add(DeadLetterHeaders.REDRIVES, "2".getBytes(StandardCharsets.UTF_8));
    assertThat(DeadLetterHeaders.redrives(headers)).isEqualTo(2);
    headers.add(DeadLetterHeaders.REDRIVES, "not a number".getBytes(StandardCharsets.UTF_8));
    assertThat(DeadLetterHeaders.redrives(headers)).isZero();
  }
}
