package dev.scientistages.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scientistages.config.Settings;
import dev.scientistages.deadletter.DeadLetterHeaders;
import dev.scientistages.deadletter.Reason;
import dev.scientistages.model.Scientist;
import dev.scientistages.serde.JsonSerde;
import dev.scientistages.support.BadInputCatalogue;
import dev.scientistages.support.ClassicExample;
import dev.scientistages.support.TopicContracts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AgeTopologyTest {
  private static final Instant T2017 = Instant.parse("2017-06-01T00:00:00Z");

  private final RecordCounts counts = new RecordCounts();
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> input;
  private TestOutputTopic<String, String> output;
  private TestOutputTopic<byte[], byte[]> deadLetters;

  private void start(String referenceYear) {
    start(referenceYear, scientist -> {});
  }

  private void start(String referenceYear, Consumer<Scientist> beforeEach) {
    Settings settings =
        Settings.of(
            Map.of(
                Settings.REFERENCE_YEAR,
                referenceYear,
                "processing.guarantee",
                "at_least_once",
                "num.stream.threads",
                "1"));
    Properties props = counts.addTo(settings.streamsProperties("dummy:9092"));
    driver =
        new TopologyTestDriver(
            AgeTopology.build(
                settings.inputTopic(),
                settings.outputTopic(),
                settings.referenceYear(),
                new StreamsConfig(props),
                counts,
                beforeEach),
            props);
    input =
        driver.createInputTopic(
            settings.inputTopic(), new StringSerializer(), new ByteArraySerializer());
    output =
        driver.createOutputTopic(
            settings.outputTopic(), new StringDeserializer(), new StringDeserializer());
    deadLetters =
        driver.createOutputTopic(
            settings.deadLetterTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private static JsonNode json(String s) throws IOException {
    return JsonSerde.MAPPER.readTree(s);
  }

  private void pipe(String key, String value, Instant at) {
    input.pipeInput(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8), at);
  }

  @Test
  void shouldGiveTheClassicAgesFor2017InInputOrder() throws IOException {
    start("2017");
    List<String> scientists = ClassicExample.scientists();
    for (String line : scientists) {
      pipe(json(line).get("name").asText(), line, T2017);
    }
    List<TestRecord<String, String>> out = output.readRecordsToList();
    List<String> expected = ClassicExample.ages2017();
    assertThat(out).hasSize(7);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(json(out.get(i).value())).isEqualTo(json(expected.get(i)));
      assertThat(out.get(i).key()).isEqualTo(json(expected.get(i)).get("name").asText());
    }
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldRunTheExtraWorkOnEveryScientistReadBeforeMappingIt() throws IOException {
    // The benchmark's heavy process_item (C) is this topology with work before each mapping.
    List<String> seen = new ArrayList<>();
    start("2017", scientist -> seen.add(scientist.name()));
    List<String> scientists = ClassicExample.scientists();
    List<String> names = new ArrayList<>();
    for (String line : scientists) {
      names.add(json(line).get("name").asText());
      pipe(names.get(names.size() - 1), line, T2017);
    }
    pipe("Nobody", null, T2017);
    pipe("Broken", "{not json", T2017);

    assertThat(seen).isEqualTo(names);
    assertThat(output.readValuesToList()).hasSize(scientists.size());
    assertThat(deadLetters.readRecordsToList()).hasSize(2);
  }

  @Test
  void shouldBeOneSubTopologyFromInputToOutputWithNoRepartitionAndNoStore() {
    Settings settings = Settings.of(Map.of());
    TopologyDescription description =
        AgeTopology.build(
                "in",
                "out",
                settings.referenceYear(),
                new StreamsConfig(settings.streamsProperties("dummy:9092")),
                new RecordCounts())
            .describe();
    assertThat(description.subtopologies()).hasSize(1);
    assertThat(description.globalStores()).isEmpty();
    List<TopologyDescription.Node> nodes =
        List.copyOf(description.subtopologies().iterator().next().nodes());
    assertThat(nodes).hasSize(3);
    assertThat(nodes)
        .filteredOn(n -> n instanceof TopologyDescription.Source)
        .singleElement()
        .satisfies(
            n -> assertThat(((TopologyDescription.Source) n).topicSet()).containsExactly("in"));
    assertThat(nodes)
        .filteredOn(n -> n instanceof TopologyDescription.Sink)
        .singleElement()
        .satisfies(n -> assertThat(((TopologyDescription.Sink) n).topic()).isEqualTo("out"));
    assertThat(nodes)
        .filteredOn(n -> n instanceof TopologyDescription.Processor)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.name()).isEqualTo(AgeTopology.CALCULATE_AGE);
              assertThat(((TopologyDescription.Processor) n).stores()).isEmpty();
            });
  }

  @Test
  void shouldUseTheUtcYearOfEachRecordTimestampByDefault() throws IOException {
    start("record-time");
    pipe("Ada Lovelace", "{\"name\":\"Ada Lovelace\",\"born\":1815}", T2017);
    pipe(
        "Ada Lovelace",
        "{\"name\":\"Ada Lovelace\",\"born\":1815}",
        Instant.parse("2000-12-31T23:59:59Z"));
    // One second later it is 2001 in UTC, even where local time still says 2000.
    pipe(
        "Ada Lovelace",
        "{\"name\":\"Ada Lovelace\",\"born\":1815}",
        Instant.parse("2001-01-01T00:00:00Z"));
    assertThat(output.readValuesToList())
        .containsExactly(
            "{\"name\":\"Ada Lovelace\",\"age\":202}",
            "{\"name\":\"Ada Lovelace\",\"age\":185}",
            "{\"name\":\"Ada Lovelace\",\"age\":186}");
  }

  @Test
  void shouldKeepKeyTimestampAndHeaders() {
    start("2017");
    RecordHeaders headers = new RecordHeaders();
    headers.add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
    input.pipeInput(
        new TestRecord<>(
            "Marie Curie",
            "{\"name\":\"Marie Curie\",\"born\":1867}".getBytes(StandardCharsets.UTF_8),
            headers,
            T2017));
    TestRecord<String, String> out = output.readRecord();
    assertThat(out.key()).isEqualTo("Marie Curie");
    assertThat(out.getRecordTime()).isEqualTo(T2017);
    assertThat(out.headers().lastHeader("trace-id").value())
        .isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldPassTheKeyThroughByteForByteWhateverItHolds() {
    start("2017");
    byte[] notUtf8 = {'A', (byte) 0xC0, (byte) 0x80, (byte) 0xFF};
    byte[] value = bytes("{\"name\":\"Ada Lovelace\",\"born\":1815}");
    TestInputTopic<byte[], byte[]> raw =
        driver.createInputTopic("scientists", new ByteArraySerializer(), new ByteArraySerializer());
    TestOutputTopic<byte[], byte[]> rawOut =
        driver.createOutputTopic("ages", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    raw.pipeInput(notUtf8, value, T2017);
    raw.pipeInput(null, value, T2017);
    List<TestRecord<byte[], byte[]>> out = rawOut.readRecordsToList();
    assertThat(out).extracting(TestRecord::key).containsExactly(notUtf8, null);
    assertThat(out)
        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .containsOnly("{\"name\":\"Ada Lovelace\",\"age\":202}");
  }

  @Test
  void shouldAcceptUnknownFields() {
    start("2017");
    pipe(
        "Vera Rubin",
        "{\"field\":\"astronomy\",\"name\":\"Vera Rubin\",\"born\":1928,\"x\":{\"y\":[1,2]}}",
        T2017);
    assertThat(output.readValuesToList()).containsExactly("{\"name\":\"Vera Rubin\",\"age\":89}");
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldAcceptAScientistBornInTheReferenceYearWithAgeZero() {
    start("2017");
    pipe("Baby", "{\"name\":\"Baby\",\"born\":2017}", T2017);
    assertThat(output.readValuesToList()).containsExactly("{\"name\":\"Baby\",\"age\":0}");
  }

  static Stream<Arguments> badInputs() {
    return BadInputCatalogue.all().stream()
        .map(bad -> Arguments.of(bad.description(), bad.value(), Reason.valueOf(bad.reason())));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A good record but for these bytes in its name. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void shouldDeadLetterABadRecordByteForByteAndKeepGoing(
      String description, byte[] value, Reason reason) {
    start("2017");
    pipe("Ada Lovelace", "{\"name\":\"Ada Lovelace\",\"born\":1815}", T2017);
    input.pipeInput("bad-key", value, T2017);
    pipe("Sally Ride", "{\"name\":\"Sally Ride\",\"born\":1951}", T2017);

    assertThat(output.readValuesToList())
        .containsExactly(
            "{\"name\":\"Ada Lovelace\",\"age\":202}", "{\"name\":\"Sally Ride\",\"age\":66}");
    List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
    assertThat(dead).hasSize(1);
    TestRecord<byte[], byte[]> record = dead.get(0);
    assertThat(record.key()).isEqualTo(bytes("bad-key"));
    assertThat(record.value()).isEqualTo(value);
    assertThat(header(record, DeadLetterHeaders.REASON)).isEqualTo(reason.name());
    assertThat(header(record, DeadLetterHeaders.TOPIC)).isEqualTo("scientists");
    assertThat(header(record, DeadLetterHeaders.PARTITION)).isEqualTo("0");
    assertThat(header(record, DeadLetterHeaders.OFFSET)).isEqualTo("1");
    assertThat(header(record, DeadLetterHeaders.MESSAGE)).isNotBlank();
    assertThat(TopicContracts.deadLetterViolations(record.headers())).isEmpty();
    // The topology and the handlers count into the instance they were handed.
    assertThat(counts.readCount()).isEqualTo(3);
    assertThat(counts.mappedCount()).isEqualTo(2);
    assertThat(counts.deadLetteredCount(reason)).isEqualTo(1);
    assertThat(counts.unaccounted()).isZero();
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    assertThat(h).as("header " + name).isNotNull();
    return new String(h.value(), StandardCharsets.UTF_8);
  }
}
