package dev.scientistages.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The strict UTF-8 check before parsing: the edges of Unicode's well-formed byte sequences. */
class JsonSerdeUtf8Test {
  private static byte[] b(int... bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = (byte) bytes[i];
    }
    return out;
  }

  @Test
  void shouldAcceptEveryWellFormedSequenceAtItsEdges() {
    String text = "A\u0080\u07FF\u0800\uD7FF\uE000\uFFFF\uD800\uDC00\uDBFF\uDFFF Ada \uD83D\uDE80";
    assertThat(JsonSerde.firstInvalidUtf8(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    assertThat(JsonSerde.firstInvalidUtf8(new byte[0])).isEqualTo(-1);
  }

  @Test
  void shouldFindTheFirstByteOfAnIllFormedSequence() {
    assertThat(JsonSerde.firstInvalidUtf8(b('a', 0x80))).isEqualTo(1); // stray continuation
    assertThat(JsonSerde.firstInvalidUtf8(b('a', 'b', 0xC0, 0x80))).isEqualTo(2); // overlong NUL
    assertThat(JsonSerde.firstInvalidUtf8(b(0xC1, 0xBF))).isZero(); // overlong
    assertThat(JsonSerde.firstInvalidUtf8(b(0xE0, 0x9F, 0xBF))).isZero(); // overlong
    assertThat(JsonSerde.firstInvalidUtf8(b(0xED, 0xA0, 0x80))).isZero(); // surrogate
    assertThat(JsonSerde.firstInvalidUtf8(b(0xF0, 0x8F, 0xBF, 0xBF))).isZero(); // overlong
    assertThat(JsonSerde.firstInvalidUtf8(b(0xF4, 0x90, 0x80, 0x80))).isZero(); // > U+10FFFF
    assertThat(JsonSerde.firstInvalidUtf8(b(0xF5, 0x80, 0x80, 0x80))).isZero();
    assertThat(JsonSerde.firstInvalidUtf8(b(0xFF))).isZero();
    assertThat(JsonSerde.firstInvalidUtf8(b('x', 0xE2, 0x82))).isEqualTo(1); // truncated
    assertThat(JsonSerde.firstInvalidUtf8(b(0xE2, 0x82, 'x'))).isZero(); // continuation missing
  }
}
