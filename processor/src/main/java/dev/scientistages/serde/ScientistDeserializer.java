package dev.scientistages.serde;

import dev.scientistages.model.Scientist;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a {@link Scientist}: the documented shape, {@code {"name": "...", "born": N}} (either
 * order, JSON whitespace anywhere, a name without escapes, a plain int year), by a scan of the
 * bytes that builds nothing but the result; anything else, byte for byte, by {@link JsonSerde}'s
 * strict reader, so that every other input reads to the same value, and every bad one fails with
 * the same message and dead-letter reason, as before. For records of some 40 bytes, creating a
 * Jackson parser (buffers, symbol table, contexts) cost more than the parse itself; see
 * docs/benchmark.md.
 */
public final class ScientistDeserializer implements Deserializer<Scientist> {
  /** Longer records go to the strict reader, whose length limits then apply as they always did. */
  static final int MAX_SCANNED_BYTES = 1 << 16;

  private static final byte[] NAME = {'"', 'n', 'a', 'm', 'e', '"'};
  private static final byte[] BORN = {'"', 'b', 'o', 'r', 'n', '"'};

  private final JsonSerde<Scientist> strict = JsonSerde.of(Scientist.class);

  @Override
  public Scientist deserialize(String topic, byte[] data) {
    Scientist scanned = data == null ? null : scan(data);
    return scanned != null ? scanned : strict.deserialize(topic, data);
  }

  /** The scientist when {@code b} has exactly the documented shape, else null. */
  static Scientist scan(byte[] b) {
    if (b.length > MAX_SCANNED_BYTES) {
      return null;
    }
    int i = skipWhitespace(b, 0);
    if (i == b.length || b[i] != '{') {
      return null;
    }
    String name = null;
    int born = 0;
    boolean sawBorn = false;
    for (int field = 0; field < 2; field++) {
      i = skipWhitespace(b, i + 1);
      if (name == null && startsWith(b, i, NAME)) {
        i = skipColon(b, i + NAME.length);
        int end = stringEnd(b, i);
        if (end < 0) {
          return null;
        }
        name = new String(b, i + 1, end - i - 1, StandardCharsets.UTF_8);
        i = end + 1;
      } else if (!sawBorn && startsWith(b, i, BORN)) {
        i = skipColon(b, i + BORN.length);
        int end = intEnd(b, i);
        if (end < 0) {
          return null;
        }
        born = parseInt(b, i, end);
        sawBorn = true;
        i = end;
      } else {
        return null;
      }
      i = skipWhitespace(b, i);
      if (i == b.length || b[i] != (field == 0 ? ',' : '}')) {
        return null;
      }
    }
    return skipWhitespace(b, i + 1) == b.length ? new Scientist(name, born) : null;
  }

  private static int skipWhitespace(byte[] b, int i) {
    while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
      i++;
    }
    return i;
  }

  private static boolean startsWith(byte[] b, int i, byte[] token) {
    if (i > b.length - token.length) {
      return false;
    }
    for (int k = 0; k < token.length; k++) {
      if (b[i + k] != token[k]) {
        return false;
      }
    }
    return true;
  }

  /** The index after the colon and the whitespace around it, or b.length when there is none. */
  private static int skipColon(byte[] b, int i) {
    i = skipWhitespace(b, i);
    return i < b.length && b[i] == ':' ? skipWhitespace(b, i + 1) : b.length;
  }

  /**
   * The index of the closing quote of a string starting at {@code i} that has no escape and no
   * control character, and is well-formed UTF-8; else -1.
   */
  private static int stringEnd(byte[] b, int i) {
    if (i >= b.length || b[i] != '"') {
      return -1;
    }
    boolean ascii = true;
    for (int k = i + 1; k < b.length; k++) {
      byte c = b[k];
      if (c == '"') {
        return ascii || JsonSerde.firstInvalidUtf8(b, i + 1, k) < 0 ? k : -1;
      }
      if (c == '\\' || (c >= 0 && c < 0x20)) {
        return -1;
      }
      ascii &= c >= 0;
    }
    return -1;
  }

  /**
   * The index after an int of at most nine digits starting at {@code i}, without a leading zero or
   * a minus zero, and not followed by a fraction or an exponent; else -1. Wider numbers go to the
   * strict reader, which says whether they fit.
   */
  private static int intEnd(byte[] b, int i) {
    int start = i < b.length && b[i] == '-' ? i + 1 : i;
    int k = start;
    while (k < b.length && b[k] >= '0' && b[k] <= '9') {
      k++;
    }
    int digits = k - start;
    if (digits == 0 || digits > 9 || (b[start] == '0' && (digits > 1 || start > i))) {
      return -1;
    }
    return k;
  }

  private static int parseInt(byte[] b, int from, int to) {
    boolean negative = b[from] == '-';
    int value = 0;
    for (int k = negative ? from + 1 : from; k < to; k++) {
      value = value * 10 + (b[k] - '0');
    }
    return negative ? -value : value;
  }
}
