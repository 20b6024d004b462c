package dev.scientistages.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scientistages.deadletter.Reason;
import dev.scientistages.model.Scientist;
import dev.scientistages.support.BadInputCatalogue;
import dev.scientistages.support.HostileRecords;
import dev.scientistages.support.InputRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The scanning reader against the strict databind reader it stands in for: for every input, the
 * same scientist, or the same failure with the same message and dead-letter reason.
 */
class ScientistDeserializerTest {
  private final JsonSerde<Scientist> databind = JsonSerde.of(Scientist.class);
  private final ScientistDeserializer streaming = new ScientistDeserializer();

  private void assertSame(byte[] input) {
    String shown = input == null ? "null" : new String(input, StandardCharsets.UTF_8);
    Throwable expectedFailure = catchThrowable(() -> databind.deserialize("t", input));
    Throwable actualFailure = catchThrowable(() -> streaming.deserialize("t", input));
    if (expectedFailure == null) {
      assertThat(actualFailure).as(shown).isNull();
      assertThat(streaming.deserialize("t", input))
          .as(shown)
          .isEqualTo(databind.deserialize("t", input));
    } else {
      assertThat(actualFailure).as(shown).isNotNull();
      assertThat(actualFailure.getClass()).as(shown).isEqualTo(expectedFailure.getClass());
      assertThat(actualFailure.getMessage()).as(shown).isEqualTo(expectedFailure.getMessage());
      assertThat(Reason.of(actualFailure)).as(shown).isEqualTo(Reason.of(expectedFailure));
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldReadTheShapesDatabindReadsAlike() {
    List<String> inputs =
        List.of(
            "{\"name\":\"Ada Lovelace\",\"born\":1815}",
            "{\"born\":1815,\"name\":\"Ada Lovelace\"}",
            " {\"name\" : \"Ada\" , \"born\" : 1815 } \n",
            "{}",
            "{\"name\":null,\"born\":null}",
            "{\"name\":\"A\"}",
            "{\"born\":1}",
            "{\"name\":\"A\",\"born\":-5}",
            "{\"name\":\"A\",\"born\":0}",
            "{\"name\":\"A\",\"born\":2147483647}",
            "{\"name\":\"A\",\"born\":2147483648}",
            "{\"name\":\"A\",\"born\":-2147483649}",
            "{\"name\":\"A\",\"born\":1815.0}",
            "{\"name\":\"A\",\"born\":1.8e3}",
            "{\"name\":\"A\",\"born\":\"1815\"}",
            "{\"name\":\"A\",\"born\":true}",
            "{\"name\":\"A\",\"born\":{}}",
            "{\"name\":\"A\",\"born\":[1815]}",
            "{\"name\":1,\"born\":1815}",
            "{\"name\":1.5,\"born\":1815}",
            "{\"name\":false,\"born\":1815}",
            "{\"name\":{\"first\":\"A\"},\"born\":1815}",
            "{\"name\":[\"A\"],\"born\":1815}",
            "{\"name\":\"A\",\"name\":\"B\",\"born\":1815}",
            "{\"name\":\"A\",\"born\":1815,\"name\":\"B\"}",
            "{\"name\":\"A\",\"born\":1815,\"born\":1816}",
            "{\"name\":\"A\",\"born\":1815,\"born\":\"x\"}",
            "{\"name\":\"A\",\"born\":1815,\"extra\":{\"deep\":[1,{\"x\":null}]}}",
            "{\"extra\":[1,2,3],\"name\":\"A\",\"born\":1815}",
            "{\"Name\":\"A\",\"BORN\":1815}",
            "{\"name\":\"esc \\\" \\\\ \\u00e9 \\ud83e\\uddea \\ud800\",\"born\":1815}",
            "{\"name\":\"A\",\"born\":01815}",
            "{\"name\":\"A\",\"born\":1815,}",
            "{\"name\":\"A\",\"born\":1815}}",
            "{\"name\":\"A\",\"born\":1815} {}",
            "{\"name\":\"A\",\"born\":1815",
            "{\"name\":\"A\" \"born\":1815}",
            "[{\"name\":\"A\",\"born\":1815}]",
            "\"A\"",
            "1815",
            "null",
            "true",
            "",
            "   ",
            "{'name':'A','born':1815}",
            "{\"name\":\"A\",\"born\":NaN}",
            "{\"name\":\"A\",\"born\":1815}\u0000",
            "{\"name\":\"A\",\"born\":-0}",
            "{\"name\":\"A\",\"born\":-01}",
            "{\"name\":\"A\",\"born\":00}",
            "{\"name\":\"A\",\"born\":-}",
            "{\"name\":\"A\",\"born\":+1815}",
            "{\"name\":\"A\",\"born\":999999999}",
            "{\"name\":\"A\",\"born\":-999999999}",
            "{\"name\":\"A\",\"born\":1000000000}",
            "{\"name\":\"A\",\"born\":1815e0}",
            "{\"name\":\"A\",\"born\":1815 1816}",
            "{\"name\":\"\",\"born\":1815}",
            "{\"name\":\"   \",\"born\":1815}",
            "{\"name\":\"tab\tin name\",\"born\":1815}",
            "{\"name\":\"del \u007f\",\"born\":1815}",
            "{\"name\":\"Marie Skłodowska-Curie 屠呦呦 🧪\",\"born\":1867}",
            "{\"name\":\"A\",\"name\":null,\"born\":1815}",
            "{\"born\":1815,\"born\":1815}",
            "{\"born\":1815,\"name\":\"A\",\"born\":1815}",
            "{\"nam\":\"A\",\"born\":1815}",
            "{\"names\":\"A\",\"born\":1815}",
            "{\"name\"\"A\",\"born\":1815}",
            "{\"name\":\"A\"\"born\":1815}",
            "{\"name\":\"A\",\"born\":1815",
            "{\"name\":\"A\",\"born\":",
            "{\"name\":\"A",
            "{\"name\"",
            "{",
            "\t\r\n{\t\"name\"\r:\n\"A\"\t,\r\"born\"\n:\t1815\r}\n\t",
            "\f{\"name\":\"A\",\"born\":1815}",
            "\ufeff{\"name\":\"A\",\"born\":1815}",
            "{\"name\":\"A\",\"born\":1815}/* comment */");
    for (String input : inputs) {
      assertSame(utf8(input));
    }
    assertSame(null);
    assertSame(new byte[] {(byte) 0xC0, (byte) 0x80});
    byte[] overlongInName = utf8("{\"name\":\"A?\",\"born\":1815}");
    overlongInName[10] = (byte) 0xC1;
    assertSame(overlongInName);
    byte[] truncatedInName = utf8("{\"name\":\"A?\",\"born\":1815}");
    truncatedInName[10] = (byte) 0xE2;
    assertSame(truncatedInName);
    assertSame(utf8("{\"name\":\"" + "x".repeat(70_000) + "\",\"born\":1815}"));
  }

  @Test
  void shouldScanOnlyTheDocumentedShape() {
    for (String plain :
        List.of(
            "{\"name\":\"Ada Lovelace\",\"born\":1815}",
            " { \"born\" : -5 , \"name\" : \"Skłodowska 屠呦呦 🧪\" } \n",
            "{\"name\":\"\",\"born\":0}")) {
      assertThat(ScientistDeserializer.scan(utf8(plain))).as(plain).isNotNull();
    }
    assertThat(ScientistDeserializer.scan(utf8("{\"name\":\"Ada\",\"born\":1815}")))
        .isEqualTo(new Scientist("Ada", 1815));
    for (String other :
        List.of(
            "{\"name\":\"A\\\"\",\"born\":1815}",
            "{\"name\":null,\"born\":1815}",
            "{\"name\":\"A\"}",
            "{\"name\":\"A\",\"born\":1815,\"x\":1}",
            "{\"name\":\"A\",\"born\":1000000000}",
            "{\"name\":\"A\",\"born\":1815.0}")) {
      assertThat(ScientistDeserializer.scan(utf8(other))).as(other).isNull();
    }
  }

  @Test
  void shouldReadTheBadInputCatalogueAlike() {
    for (BadInputCatalogue.BadInput bad : BadInputCatalogue.all()) {
      assertSame(bad.value());
    }
  }

  @Test
  void shouldReadHostileRecordsAlike() {
    HostileRecords records = new HostileRecords(200, 2_000, 11);
    for (long n = 0; n < records.count(); n++) {
      InputRecord r = records.get(n);
      assertSame(r.value());
    }
  }

  @Test
  void shouldReadRandomMutationsOfAGoodRecordAlike() {
    byte[] alphabet = utf8("{}[]\":,0123456789-+.eE nametrufalsbo\\\t\n\u0001é");
    SplittableRandom random = new SplittableRandom(3);
    for (String good :
        List.of(
            "{\"name\":\"Ada Lovelace\",\"born\":1815,\"x\":[1,{\"y\":\"z\"}]}",
            "{\"name\":\"Ada Lovelace\",\"born\":1815}",
            "{ \"born\" : 1815 , \"name\" : \"Skłodowska\" }")) {
      for (int i = 0; i < 5_000; i++) {
        mutant(utf8(good), alphabet, random).forEach(this::assertSame);
      }
    }
  }

  /** Replaces, inserts or removes one to three bytes; two mutants, one of them cut short. */
  private static List<byte[]> mutant(byte[] good, byte[] alphabet, SplittableRandom random) {
    List<Byte> m = new ArrayList<>();
    for (byte b : good) {
      m.add(b);
    }
    for (int k = 1 + random.nextInt(3); k > 0; k--) {
      int at = random.nextInt(m.size());
      byte b = alphabet[random.nextInt(alphabet.length)];
      switch (random.nextInt(3)) {
        case 0 -> m.set(at, b);
        case 1 -> m.add(at, b);
        default -> m.remove(at);
      }
    }
    byte[] out = new byte[m.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = m.get(k);
    }
    return List.of(out, java.util.Arrays.copyOf(out, random.nextInt(out.length + 1)));
  }
}
