package dev.scientistages.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.model.ScientistAge;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScientistAgeSerializerTest {
  private final JsonSerde<ScientistAge> databind = JsonSerde.of(ScientistAge.class);
  private final ScientistAgeSerializer streaming = new ScientistAgeSerializer();

  @Test
  void shouldWriteWhatDatabindWritesByteForByte() {
    List<String> names =
        List.of(
            "Ada Lovelace",
            "",
            "Marie Skłodowska-Curie",
            "屠呦呦",
            "emoji 🧪 pair",
            "quote \" backslash \\ slash /",
            "controls \u0000 \u0001 \b \f \n \r \t \u001f \u007f",
            "lone high \ud800 surrogate",
            "lone low \udc00 surrogate",
            "reversed \udc00\ud800 pair",
            "line sep \u2028 para \u2029",
            "delete \u007f, last of two bytes \u07ff, first of three \u0800, last \uffff",
            "x".repeat(1024));
    List<String> withNull = new ArrayList<>(names);
    withNull.add(null);
    for (String name : withNull) {
      for (int age :
          List.of(0, 1, 9, 10, 99, 100, 202, Integer.MAX_VALUE, -1, -10, Integer.MIN_VALUE)) {
        ScientistAge value = new ScientistAge(name, age);
        assertThat(streaming.serialize("ages", value))
            .as("%s, %d", name, age)
            .isEqualTo(databind.serialize("ages", value));
      }
    }
    assertThat(streaming.serialize("ages", null)).isNull();
  }

  @Test
  void shouldCopyOnlyNamesThatNeedNoEscape() {
    assertThat(ScientistAgeSerializer.copied("Ada Lovelace", 202))
        .asString()
        .isEqualTo("{\"name\":\"Ada Lovelace\",\"age\":202}");
    assertThat(ScientistAgeSerializer.copied("Skłodowska 屠呦呦", 7)).isNotNull();
    for (String name : List.of("q\"", "b\\", "nl\n", "\u0000", "pair \ud83e\uddea", "\udc00")) {
      assertThat(ScientistAgeSerializer.copied(name, 1)).as(name).isNull();
    }
  }

  @Test
  void shouldWriteRandomNamesAsDatabindDoes() {
    char[] alphabet =
        "aZ09 \"\\/\u0000\u001f\u007f\u0080é\u07ff\u0800€\ud7ff\ud800\udbff\udc00\udfff\ue000\uffff"
            .toCharArray();
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 5_000; i++) {
      char[] name = new char[random.nextInt(12)];
      for (int k = 0; k < name.length; k++) {
        name[k] = alphabet[random.nextInt(alphabet.length)];
      }
      ScientistAge value = new ScientistAge(new String(name), random.nextInt());
      assertThat(streaming.serialize("ages", value))
          .as("%s", value)
          .isEqualTo(databind.serialize("ages", value));
    }
  }
}
