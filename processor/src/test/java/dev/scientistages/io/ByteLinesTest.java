package dev.scientistages.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteLinesTest {
  private static List<byte[]> lines(byte[] input) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (ByteLines lines = new ByteLines(new ByteArrayInputStream(input))) {
      for (byte[] l = lines.next(); l != null; l = lines.next()) {
        out.add(l);
      }
    }
    return out;
  }

  @Test
  void shouldSplitOnNewlinesKeepingInvalidUtf8ByteForByte() throws IOException {
    byte[] input = {'a', '\r', '\n', (byte) 0xC3, (byte) 0x28, '\n', '\n', 'z'};
    assertThat(lines(input))
        .containsExactly(
            new byte[] {'a'}, new byte[] {(byte) 0xC3, (byte) 0x28}, new byte[0], new byte[] {'z'});
  }

  @Test
  void shouldTellBlankLines() {
    assertThat(ByteLines.isBlank(new byte[] {' ', '\t'})).isTrue();
    assertThat(ByteLines.isBlank(new byte[0])).isTrue();
    assertThat(ByteLines.isBlank(new byte[] {' ', '{'})).isFalse();
  }

  @Test
  void shouldKeyALineByItsNameOnlyWhenItHasOne() {
    assertThat(ScientistLines.keyOf("{\"name\": \"Ada Lovelace\", \"born\": 1815}"))
        .isEqualTo("Ada Lovelace");
    assertThat(ScientistLines.keyOf("{\"name\": 42}")).isNull();
    assertThat(ScientistLines.keyOf("not json")).isNull();
    assertThat(ScientistLines.keyOf(new byte[] {(byte) 0xC3, (byte) 0x28})).isNull();
  }
}
