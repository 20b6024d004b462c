package dev.scientistages.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scientistages.topology.ReferenceYear;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @TempDir Path dir;

  private Path file(String content) throws IOException {
    Path f = dir.resolve("app.properties");
    Files.writeString(f, content);
    return f;
  }

  @Test
  void shouldHaveTheDocumentedDefaults() {
    Settings s = Settings.of(Map.of());
    assertThat(s.applicationId()).isEqualTo("scientist-ages");
    assertThat(s.numStreamThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(s.exactlyOnce()).isTrue();
    assertThat(s.get("processing.guarantee")).isEqualTo("exactly_once_v2");
    assertThat(s.inputTopic()).isEqualTo("scientists");
    assertThat(s.outputTopic()).isEqualTo("ages");
    assertThat(s.deadLetterTopic()).isEqualTo("scientists.dlq");
    assertThat(s.referenceYear()).isEqualTo(new ReferenceYear.RecordTime());
    assertThat(s.bootstrapServers()).isEmpty();
    assertThat(s.topicsCreate()).isTrue();
    assertThat(s.embeddedPort()).isEqualTo(9092);
    assertThat(s.stableIdentity()).isTrue();
    assertThat(Settings.of(Map.of(Settings.STABLE_IDENTITY, "false")).stableIdentity()).isFalse();
  }

  @Test
  void shouldLayerFileThenEnvironmentThenFlags() throws IOException {
    Path f =
        file(
            "ages.reference.year=1990\n"
                + "application.id=from-file\n"
                + "bootstrap.servers=file:9092\n"
                + "num.stream.threads=3\n");
    Map<String, String> env =
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "env:9092",
            "AGES_REFERENCE_YEAR", "2000",
            "KAFKA_NUM_STREAM_THREADS", "5",
            "PATH", "/usr/bin",
            "KAFKA_HEAP_OPTS", "-Xmx1g");
    Map<String, String> flags = Map.of("ages.reference.year", "2017");

    Settings s = Settings.load(Optional.of(f), env, flags);

    assertThat(s.applicationId()).isEqualTo("from-file");
    assertThat(s.bootstrapServers()).contains("env:9092");
    assertThat(s.numStreamThreads()).isEqualTo(5);
    assertThat(s.referenceYear()).isEqualTo(new ReferenceYear.Fixed(2017));
    assertThat(s.asMap()).doesNotContainKeys("heap.opts", "path");
  }

  @Test
  void shouldMapEnvironmentVariablesToKeysBothWays() {
    assertThat(
            SettingSources.fromEnvironment(
                Map.of(
                    "KAFKA_SASL_JAAS_CONFIG", "x",
                    "AGES_TOPICS_CREATE", "false",
                    "KAFKA_PRODUCER_LINGER_MS", "5",
                    "kafka_lower", "ignored",
                    "KAFKA_OPTS", "ignored")))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "sasl.jaas.config", "x",
                "ages.topics.create", "false",
                "producer.linger.ms", "5"));
    assertThat(Settings.environmentVariableOf("bootstrap.servers"))
        .isEqualTo("KAFKA_BOOTSTRAP_SERVERS");
    assertThat(Settings.environmentVariableOf("ages.reference.year"))
        .isEqualTo("AGES_REFERENCE_YEAR");
  }

  @Test
  void shouldPassKafkaPropertiesToStreamsAndClientsButNotOurOwn() {
    Settings s =
        Settings.of(
            Map.of(
                "producer.linger.ms", "7",
                "linger.ms", "3",
                "security.protocol", "SASL_SSL",
                "max.poll.records", "100"));
    Properties streams = s.streamsProperties("b:1");
    assertThat(streams.getProperty("bootstrap.servers")).isEqualTo("b:1");
    assertThat(streams.getProperty("producer.linger.ms")).isEqualTo("7");
    assertThat(streams.stringPropertyNames()).noneMatch(k -> k.startsWith("ages."));
    assertThat(streams.getProperty("errors.dead.letter.queue.topic.name"))
        .isEqualTo("scientists.dlq");

    Properties producer = s.producerProperties("b:1");
    assertThat(producer.getProperty("linger.ms")).isEqualTo("7");
    assertThat(producer.getProperty("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(producer).doesNotContainKeys("max.poll.records", "application.id");
    assertThat(s.consumerProperties("b:1").getProperty("max.poll.records")).isEqualTo("100");
    assertThat(s.adminProperties("b:1").getProperty("security.protocol")).isEqualTo("SASL_SSL");
  }

  @Test
  void shouldRejectAnUnknownOwnSettingNamingIt() {
    assertThatThrownBy(() -> Settings.of(Map.of("ages.refrence.year", "2017")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("'ages.refrence.year'")
        .hasMessageContaining("ages.reference.year");
  }

  @Test
  void shouldRejectAnUnknownKafkaPropertyNamingIt() {
    assertThatThrownBy(() -> Settings.of(Map.of("bootstrap.server", "x:1")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("'bootstrap.server'");
    assertThatThrownBy(
            () -> Settings.load(Optional.empty(), Map.of("KAFKA_LINGER_MSS", "5"), Map.of()))
        .hasMessageContaining("'linger.mss'");
  }

  @Test
  void shouldRejectBadValuesNamingTheSettingAndWhatIsAllowed() {
    assertThatThrownBy(() -> Settings.of(Map.of("ages.reference.year", "last year")))
        .hasMessageContaining("'ages.reference.year'")
        .hasMessageContaining("record-time");
    assertThatThrownBy(() -> Settings.of(Map.of("ages.reference.year", "0")))
        .hasMessageContaining("from 1 to 9999");
    assertThatThrownBy(() -> Settings.of(Map.of("processing.guarantee", "exactly_once")))
        .hasMessageContaining("'processing.guarantee'")
        .hasMessageContaining("at_least_once");
    assertThatThrownBy(() -> Settings.of(Map.of("num.stream.threads", "0")))
        .hasMessageContaining("'num.stream.threads'");
    assertThatThrownBy(() -> Settings.of(Map.of("ages.topics.create", "yes")))
        .hasMessageContaining("'ages.topics.create'");
    assertThatThrownBy(() -> Settings.of(Map.of("ages.embedded.port", "70000")))
        .hasMessageContaining("'ages.embedded.port'");
    assertThatThrownBy(() -> Settings.of(Map.of("ages.topic.input", "bad topic!")))
        .hasMessageContaining("'ages.topic.input'");
    assertThatThrownBy(() -> Settings.of(Map.of("ages.topic.output", "scientists")))
        .hasMessageContaining("'ages.topic.output'");
    assertThatThrownBy(() -> Settings.of(Map.of("commit.interval.ms", "soon")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("'commit.interval.ms'");
  }

  @Test
  void shouldListenOnLoopbackOnlyUnlessTheHostSettingSaysOtherwise() {
    InetAddress byDefault = Settings.of(Map.of()).httpHost();
    assertThat(byDefault.getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(byDefault.isLoopbackAddress()).isTrue();

    Settings container =
        Settings.load(Optional.empty(), Map.of("AGES_HTTP_HOST", "0.0.0.0"), Map.of());
    assertThat(container.httpHost().isAnyLocalAddress()).isTrue();
    assertThat(Settings.of(Map.of("ages.http.host", "::")).httpHost().isAnyLocalAddress()).isTrue();
    assertThat(Settings.of(Map.of("ages.http.host", " ::1 ")).httpHost().isLoopbackAddress())
        .isTrue();

    for (String bad : List.of("", "  ", "127.0.0.1:8080", "not a host")) {
      assertThatThrownBy(() -> Settings.of(Map.of("ages.http.host", bad)))
          .as("'%s'", bad)
          .isInstanceOf(InvalidSettingException.class)
          .hasMessageContaining("'ages.http.host'")
          .hasMessageContaining("0.0.0.0");
    }
  }

  @Test
  void shouldFailOnAnUnreadableConfigFileNamingIt() {
    Path missing = dir.resolve("nope.properties");
    assertThatThrownBy(() -> Settings.load(Optional.of(missing), Map.of(), Map.of()))
        .hasMessageContaining("'--config'")
        .hasMessageContaining("nope.properties");
  }
}
