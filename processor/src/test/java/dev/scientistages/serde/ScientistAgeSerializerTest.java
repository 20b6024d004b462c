package dev.scientistages.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.model.ScientistAge;
import java.util.List;
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
            "x".repeat(1024));
    for (String name : names) {
      for (int age : List.of(0, 1, 202, Integer.MAX_VALUE, -1)) {
        ScientistAge value = new ScientistAge(name, age);
        assertThat(streaming.serialize("ages", value))
            .as("%s, %d", name, age)
            .isEqualTo(databind.serialize("ages", value));
      }
    }
    assertThat(streaming.serialize("ages", null)).isNull();
  }
}
