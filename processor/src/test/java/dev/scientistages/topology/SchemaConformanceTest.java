package dev.scientistages.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scientistages.deadletter.DeadLetterHeaders;
import dev.scientistages.deadletter.InvalidScientistException;
import dev.scientistages.deadletter.Reason;
import dev.scientistages.model.ScientistAge;
import dev.scientistages.serde.ScientistAgeSerializer;
import dev.scientistages.serde.ScientistDeserializer;
import dev.scientistages.support.BadInputCatalogue;
import dev.scientistages.support.BadInputCatalogue.BadInput;
import dev.scientistages.support.ClassicExample;
import dev.scientistages.support.TopicContracts;
import dev.scientistages.support.TopicContracts.Contract;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The processor accepts, rejects and writes what the topics' JSON Schemas (contracts/) say: its
 * checks are held to the schemas here, so that the schemas stay the one statement of the shapes.
 */
class SchemaConformanceTest {
  private static final ScientistDeserializer DESERIALIZER = new ScientistDeserializer();
  private static final ScientistAgeSerializer SERIALIZER = new ScientistAgeSerializer();

  /**
   * The catalogue's records the input schema accepts although the processor dead-letters them, and
   * why a schema cannot say otherwise (docs/contracts.md lists them too).
   */
  private static final Map<String, String> SCHEMA_ACCEPTS =
      Map.of(
          "born as 1815.0",
          "JSON Schema's integer is a value, and 1815.0 is the value 1815",
          "born after the reference year",
          "the reference year is the processor's setting, not a fact of the record");

  static Stream<BadInput> badInputs() {
    return BadInputCatalogue.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void shouldRejectEveryBadInputByTheInputSchemaForTheProcessorsReason(BadInput bad) {
    // The catalogue's reason is the processor's: AgeTopologyTest dead-letters every record.
    if (SCHEMA_ACCEPTS.containsKey(bad.description())) {
      assertThat(TopicContracts.inputReason(bad.value()))
          .as("accepted by the schema: %s", SCHEMA_ACCEPTS.get(bad.description()))
          .isEmpty();
    } else {
      assertThat(TopicContracts.inputReason(bad.value())).contains(bad.reason());
    }
  }

  @Test
  void shouldAcceptWhatTheSchemaAcceptsAndWriteWhatTheOutputSchemaSays() {
    List<String> good = new ArrayList<>(ClassicExample.scientists());
    String astral = "\uD835\uDC00"; // U+1D400: one character, two UTF-16 units
    good.add("{\"born\":1815,\"name\":\"Ada Lovelace\",\"unknown\":{\"deep\":[1,2,3]}}");
    good.add("{\"name\":\"Ad\\u00e1 \\\"L\\\"\",\"born\":1}");
    good.add("{\"name\":\" x \",\"born\":2017}");
    good.add("{\"name\":\"\u00a0\",\"born\":2000}");
    good.add("{\"name\":\"" + "y".repeat(AgeCalculator.MAX_NAME_LENGTH) + "\",\"born\":1900}");
    good.add("{\"name\":\"" + astral.repeat(AgeCalculator.MAX_NAME_LENGTH) + "\",\"born\":1900}");
    for (String value : good) {
      assertThat(TopicContracts.inputReason(bytes(value))).as(value).isEmpty();
      byte[] written = SERIALIZER.serialize("ages", mapped(bytes(value)));
      assertThat(TopicContracts.outputViolations(written)).as(value).isEmpty();
    }
  }

  @Test
  void shouldRefuseANameOfOneCharacterTooManyAsTheSchemaDoes() {
    String astral = "\uD835\uDC00";
    String value =
        "{\"name\":\"" + astral.repeat(AgeCalculator.MAX_NAME_LENGTH + 1) + "\",\"born\":1900}";
    assertThatThrownBy(() -> mapped(bytes(value)))
        .isInstanceOfSatisfying(
            InvalidScientistException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NAME_TOO_LONG));
    assertThat(TopicContracts.inputReason(bytes(value))).contains("NAME_TOO_LONG");
  }

  @Test
  void shouldHaveTheSchemasBoundsAsTheCodesConstants() {
    JsonNode in = TopicContracts.schema(Contract.INPUT).path("properties");
    JsonNode out = TopicContracts.schema(Contract.OUTPUT).path("properties");
    assertThat(in.path("name").path("maxLength").intValue())
        .isEqualTo(out.path("name").path("maxLength").intValue())
        .isEqualTo(AgeCalculator.MAX_NAME_LENGTH);
    assertThat(in.path("name").path("pattern")).isEqualTo(out.path("name").path("pattern"));
    assertThat(in.path("born").path("minimum").intValue()).isEqualTo(AgeCalculator.FIRST_YEAR);
    assertThat(in.path("born").path("maximum").intValue()).isEqualTo(Integer.MAX_VALUE);
    assertThat(out.path("age").path("minimum").intValue()).isZero();
    assertThat(out.path("age").path("maximum").intValue())
        .isEqualTo(Integer.MAX_VALUE - AgeCalculator.FIRST_YEAR);
  }

  @Test
  void shouldCallBlankWhatTheSchemasPatternCallsBlank() {
    Pattern notBlank =
        Pattern.compile(
            TopicContracts.schema(Contract.INPUT)
                .path("properties")
                .path("name")
                .path("pattern")
                .textValue());
    List<String> differ = new ArrayList<>();
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
        continue;
      }
      String s = Character.toString(cp);
      if (s.isBlank() == notBlank.matcher(s).find()) {
        differ.add(String.format("U+%04X", cp));
      }
    }
    assertThat(differ).isEmpty();
  }

  @Test
  void shouldListTheReasonCodesAndHeadersTheDeadLetterSchemaDoes() {
    JsonNode schema = TopicContracts.schema(Contract.DEAD_LETTER_HEADERS);
    assertThat(texts(schema.path("properties").path(DeadLetterHeaders.REASON).path("enum")))
        .containsExactly(Stream.of(Reason.values()).map(Reason::name).toArray(String[]::new));
    assertThat(texts(schema.path("required")))
        .containsExactlyInAnyOrder(
            DeadLetterHeaders.EXCEPTION,
            DeadLetterHeaders.MESSAGE,
            DeadLetterHeaders.STACKTRACE,
            DeadLetterHeaders.TOPIC,
            DeadLetterHeaders.PARTITION,
            DeadLetterHeaders.OFFSET,
            DeadLetterHeaders.REASON)
        .allMatch(DeadLetterHeaders::isErrorHeader);
    assertThat(schema.path("properties").has(DeadLetterHeaders.REDRIVES)).isTrue();
  }

  /** What the processor writes for a value: read, mapped with the reference year 2017. */
  private static ScientistAge mapped(byte[] value) {
    return AgeCalculator.apply(DESERIALIZER.deserialize("scientists", value), 2017);
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::textValue).toList();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
