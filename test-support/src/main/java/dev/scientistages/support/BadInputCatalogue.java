package dev.scientistages.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bad inputs every test of the dead-letter path uses: each value, and the reason code it must
 * be dead-lettered with. A null value is a tombstone.
 */
public final class BadInputCatalogue {
  private BadInputCatalogue() {}

  /** One bad input. */
  public record BadInput(String description, byte[] value, String reason) {
    @Override
    public String toString() {
      return description;
    }
  }

  public static List<BadInput> all() {
    return withNameOf(1024 * 1024);
  }

  /**
   * The catalogue, with its long name {@code nameLength} characters long: a real broker's default
   * record size limit (1 MiB) refuses the full 1 MiB name before the processor ever sees it.
   */
  public static List<BadInput> withNameOf(int nameLength) {
    String longName = "x".repeat(nameLength);
    return List.of(
        new BadInput("not JSON", bytes("Ada Lovelace, 1815"), "MALFORMED_JSON"),
        new BadInput("truncated JSON", bytes("{\"name\":\"Ada\",\"born\":18"), "MALFORMED_JSON"),
        new BadInput("two JSON values", bytes("{\"name\":\"A\",\"born\":1} {}"), "MALFORMED_JSON"),
        new BadInput("empty bytes", new byte[0], "MALFORMED_JSON"),
        new BadInput("only white space", bytes("  \n "), "MALFORMED_JSON"),
        new BadInput(
            "invalid UTF-8",
            new byte[] {
              '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'
            },
            "MALFORMED_JSON"),
        // Forms that Jackson would decode without a word: the serde's strict UTF-8 check.
        new BadInput("overlong UTF-8 (a NUL as C0 80)", utf8Name(0xC0, 0x80), "MALFORMED_JSON"),
        new BadInput(
            "UTF-8 of a surrogate (ED A0 80)", utf8Name(0xED, 0xA0, 0x80), "MALFORMED_JSON"),
        new BadInput(
            "UTF-8 beyond U+10FFFF (F4 90 80 80)",
            utf8Name(0xF4, 0x90, 0x80, 0x80),
            "MALFORMED_JSON"),
        new BadInput("a JSON array", bytes("[\"Ada Lovelace\",1815]"), "NOT_AN_OBJECT"),
        new BadInput("a JSON number", bytes("1815"), "NOT_AN_OBJECT"),
        new BadInput("a JSON string", bytes("\"Ada Lovelace\""), "NOT_AN_OBJECT"),
        new BadInput("JSON true", bytes("true"), "NOT_AN_OBJECT"),
        new BadInput("JSON null", bytes("null"), "NOT_AN_OBJECT"),
        new BadInput("a tombstone", null, "NULL_VALUE"),
        new BadInput("missing name", bytes("{\"born\":1815}"), "MISSING_NAME"),
        new BadInput("null name", bytes("{\"name\":null,\"born\":1815}"), "MISSING_NAME"),
        new BadInput("blank name", bytes("{\"name\":\"  \",\"born\":1815}"), "MISSING_NAME"),
        new BadInput("numeric name", bytes("{\"name\":42,\"born\":1815}"), "NAME_NOT_A_STRING"),
        new BadInput("object name", bytes("{\"name\":{},\"born\":1815}"), "NAME_NOT_A_STRING"),
        new BadInput(
            "a 1 MiB name",
            bytes("{\"name\":\"" + longName + "\",\"born\":1815}"),
            "NAME_TOO_LONG"),
        new BadInput("missing born", bytes("{\"name\":\"Ada\"}"), "MISSING_BORN"),
        new BadInput("null born", bytes("{\"name\":\"Ada\",\"born\":null}"), "MISSING_BORN"),
        new BadInput(
            "born as a string", bytes("{\"name\":\"Ada\",\"born\":\"1815\"}"), "BORN_NOT_A_YEAR"),
        new BadInput(
            "fractional born", bytes("{\"name\":\"Ada\",\"born\":1815.5}"), "BORN_NOT_A_YEAR"),
        new BadInput(
            "born as 1815.0", bytes("{\"name\":\"Ada\",\"born\":1815.0}"), "BORN_NOT_A_YEAR"),
        new BadInput("negative born", bytes("{\"name\":\"Ada\",\"born\":-5}"), "BORN_NOT_A_YEAR"),
        new BadInput("born 0", bytes("{\"name\":\"Ada\",\"born\":0}"), "BORN_NOT_A_YEAR"),
        new BadInput(
            "born beyond int range",
            bytes("{\"name\":\"Ada\",\"born\":99999999999}"),
            "BORN_NOT_A_YEAR"),
        new BadInput(
            "born beyond long range",
            bytes("{\"name\":\"Ada\",\"born\":123456789012345678901234567890}"),
            "BORN_NOT_A_YEAR"),
        new BadInput("born true", bytes("{\"name\":\"Ada\",\"born\":true}"), "BORN_NOT_A_YEAR"),
        new BadInput(
            "born after the reference year",
            bytes("{\"name\":\"Ada\",\"born\":2018}"),
            "BORN_AFTER_REFERENCE_YEAR"));
  }

  private static byte[] utf8Name(int... inName) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(bytes("{\"name\":\"Ada"));
    for (int b : inName) {
      out.write(b);
    }
    out.writeBytes(bytes("\",\"born\":1815}"));
    return out.toByteArray();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
