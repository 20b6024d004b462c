package dev.scientistages.deadletter;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The headers of a dead-letter record: Kafka Streams' own ({@code __streams.errors.*}, KIP-1034)
 * and this application's. Part of the interface: readers of the dead-letter topic rely on them. See
 * docs/reliability.md.
 */
public final class DeadLetterHeaders {
  /** The exception's class name. */
  public static final String EXCEPTION = "__streams.errors.exception";

  /** The exception's message. */
  public static final String MESSAGE = "__streams.errors.message";

  /** The exception's stack trace. */
  public static final String STACKTRACE = "__streams.errors.stacktrace";

  /** The topic the record was read from. */
  public static final String TOPIC = "__streams.errors.topic";

  /** The partition the record was read from. */
  public static final String PARTITION = "__streams.errors.partition";

  /** The record's offset in that partition. */
  public static final String OFFSET = "__streams.errors.offset";

  /** The {@link Reason} code. */
  public static final String REASON = "scientist-ages.reason";

  /**
   * How often the {@code redrive} verb has sent this record back: set on the record it sends, and
   * so carried into the dead letter if the record fails again (its loop guard reads it there).
   */
  public static final String REDRIVES = "scientist-ages.redrives";

  /** The prefix of Kafka Streams' own error headers. */
  private static final String STREAMS_ERRORS = "__streams.errors.";

  private DeadLetterHeaders() {}

  /**
   * Whether a dead letter has this header on top of its original record's headers: why and where it
   * failed (Kafka Streams' headers, all of them, and our reason).
   */
  public static boolean isErrorHeader(String name) {
    return name.startsWith(STREAMS_ERRORS) || name.equals(REASON);
  }

  /** A header's last value as text, or null when the record lacks it. */
  public static String text(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** How often the record was redriven already, from {@link #REDRIVES}: 0 when it never was. */
  public static int redrives(Headers headers) {
    String text = text(headers, REDRIVES);
    if (text == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(text.strip()));
    } catch (NumberFormatException e) {
      // Not written by a redrive (those write a number): the record was never redriven.
      return 0;
    }
  }
}
