package dev.scientistages.support;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The dead-letter headers as a reader of the dead-letter topic sees them (docs/reliability.md).
 * Stated here, apart from the processor's own constants, so that a renamed header fails the tests
 * (the processor's DeadLetterHeadersTest holds its constants to these).
 */
public final class DeadLetterContract {
  /** Kafka Streams' header: the topic the record was read from. */
  public static final String TOPIC = "__streams.errors.topic";

  /** Kafka Streams' header: the partition the record was read from. */
  public static final String PARTITION = "__streams.errors.partition";

  /** Kafka Streams' header: the offset the record was read at. */
  public static final String OFFSET = "__streams.errors.offset";

  /** The processor's header: the reason code, such as {@code MALFORMED_JSON}. */
  public static final String REASON = "scientist-ages.reason";

  /** The processor's header: how many times the record has been redriven. */
  public static final String REDRIVES = "scientist-ages.redrives";

  private DeadLetterContract() {}

  /** A header's last value as text, or null when the record lacks it. */
  public static String text(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
