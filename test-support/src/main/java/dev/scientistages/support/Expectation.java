package dev.scientistages.support;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * What a test input record must become, carried in the record's own header {@value #HEADER} so that
 * a verifier that reads the input topic back knows, record by record, what to look for: an output
 * with a given age, or a dead letter with a given reason. The application ignores (and keeps)
 * headers, so the expectation travels with the record and no list of sent records has to be kept.
 * The reason is a code of the dead-letter contract, by name (see {@link DeadLetterContract}).
 */
public record Expectation(Integer age, String reason) {
  public static final String HEADER = "test.expect";

  public static Expectation age(int age) {
    return new Expectation(age, null);
  }

  public static Expectation deadLetter(String reason) {
    return new Expectation(null, reason);
  }

  public boolean isOutput() {
    return age != null;
  }

  /** The header value: {@code age=202} or {@code dead=MALFORMED_JSON}. */
  public byte[] encode() {
    String text = isOutput() ? "age=" + age : "dead=" + reason;
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The expectation in the headers, or null when they carry none. */
  public static Expectation of(Headers headers) {
    Header h = headers.lastHeader(HEADER);
    if (h == null || h.value() == null) {
      return null;
    }
    String text = new String(h.value(), StandardCharsets.UTF_8);
    if (text.startsWith("age=")) {
      return age(Integer.parseInt(text.substring(4)));
    }
    if (text.startsWith("dead=")) {
      return deadLetter(text.substring(5));
    }
    throw new IllegalArgumentException("not an expectation: " + text);
  }
}
