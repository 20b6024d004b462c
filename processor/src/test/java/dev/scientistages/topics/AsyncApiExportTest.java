package dev.scientistages.topics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.scientistages.Main;
import dev.scientistages.support.RepositoryFiles;
import dev.scientistages.support.TopicContracts;
import dev.scientistages.support.TopicContracts.Contract;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AsyncApiExportTest {
  /** The committed document, which other teams read and generate their clients from. */
  private static final Path COMMITTED = RepositoryFiles.path("docs/asyncapi.yaml");

  private static String export(String... more) {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    String[] args = new String[3 + more.length];
    args[0] = "topics";
    args[1] = "export";
    args[2] = "--format=asyncapi";
    System.arraycopy(more, 0, args, 3, more.length);
    assertThat(cli.execute(args)).isZero();
    return out.toString();
  }

  @Test
  void shouldBeTheCommittedDocument() throws Exception {
    assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
        .as(
            "docs/asyncapi.yaml is what `topics export --format asyncapi` prints; print it again:"
                + " java -jar processor/target/scientist-ages-processor.jar topics export"
                + " --format asyncapi > docs/asyncapi.yaml")
        .isEqualTo(export());
  }

  @Test
  void shouldDeclareEachTopicFileAsAChannelWithTheProcessorsOperationOnIt() throws Exception {
    JsonNode doc = new YAMLMapper().readTree(export());
    assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
    for (TopicSpec topic : TopicFiles.loadBuiltIn().values()) {
      JsonNode channel =
          doc.path("channels")
              .path(
                  switch (topic.role()) {
                    case INPUT -> "scientists";
                    case OUTPUT -> "ages";
                    case DEAD_LETTER -> "deadLetters";
                  });
      assertThat(channel.path("address").asText()).isEqualTo(topic.name());
      JsonNode kafka = channel.path("bindings").path("kafka");
      assertThat(kafka.path("partitions").asInt()).isEqualTo(topic.partitions());
      assertThat(kafka.path("topicConfiguration").path("retention.ms").asText())
          .isEqualTo(topic.configs().get("retention.ms"));
    }
    assertThat(doc.path("operations").path("readScientists").path("action").asText())
        .isEqualTo("receive");
    assertThat(doc.path("operations").path("writeAges").path("action").asText()).isEqualTo("send");
    assertThat(doc.path("operations").path("writeDeadLetters").path("action").asText())
        .isEqualTo("send");
  }

  @Test
  void shouldCarryTheSchemasAsTheyAre() throws Exception {
    JsonNode schemas = new YAMLMapper().readTree(export()).path("components").path("schemas");
    assertThat(schemas.path("Scientist")).isEqualTo(TopicContracts.schema(Contract.INPUT));
    assertThat(schemas.path("ScientistAge")).isEqualTo(TopicContracts.schema(Contract.OUTPUT));
    assertThat(schemas.path("DeadLetterHeaders"))
        .isEqualTo(TopicContracts.schema(Contract.DEAD_LETTER_HEADERS));
  }

  @Test
  void shouldNameTheTopicsAsTheSettingsDo() throws Exception {
    JsonNode doc = new YAMLMapper().readTree(export("--set", "ages.topic.output=team.ages"));
    assertThat(doc.path("channels").path("ages").path("address").asText()).isEqualTo("team.ages");
  }
}
