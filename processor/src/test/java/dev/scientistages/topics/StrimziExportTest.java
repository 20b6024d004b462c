package dev.scientistages.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.scientistages.cluster.LeastAcls;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StrimziExportTest {
  private static final List<TopicSpec> TOPICS =
      List.of(
          new TopicSpec(
              TopicSpec.Role.INPUT,
              "Team_In",
              6,
              Optional.of((short) 3),
              Map.of("retention.ms", "1000", "min.insync.replicas", "2", "x", "yes")),
          new TopicSpec(TopicSpec.Role.OUTPUT, "out", 6, Optional.empty(), Map.of()),
          new TopicSpec(TopicSpec.Role.DEAD_LETTER, "dlq", 1, Optional.empty(), Map.of()));

  private static List<JsonNode> documents(String yaml) throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = new YAMLMapper().createParser(yaml)) {
      new YAMLMapper().readValues(parser, JsonNode.class).forEachRemaining(docs::add);
    }
    return docs;
  }

  @Test
  void shouldDeclareEachTopicUnderAKubernetesNameAndItsOwnName() throws Exception {
    String yaml =
        StrimziExport.yaml(
            TOPICS, LeastAcls.of("team-app", "Team_In", "out", "dlq"), "kafka-a", "team", "tls");
    List<JsonNode> docs = documents(yaml);
    assertThat(docs)
        .extracting(d -> d.path("kind").asText())
        .containsExactly("KafkaTopic", "KafkaTopic", "KafkaTopic", "KafkaUser");
    JsonNode in = docs.get(0);
    assertThat(in.path("metadata").path("name").asText()).isEqualTo("team-in");
    assertThat(in.path("metadata").path("labels").path("strimzi.io/cluster").asText())
        .isEqualTo("kafka-a");
    assertThat(in.path("spec").path("topicName").asText()).isEqualTo("Team_In");
    assertThat(in.path("spec").path("partitions").asInt()).isEqualTo(6);
    assertThat(in.path("spec").path("replicas").asInt()).isEqualTo(3);
    // Numbers stay numbers; a word YAML would read as a boolean stays a string.
    assertThat(in.path("spec").path("config").path("retention.ms").isNumber()).isTrue();
    assertThat(in.path("spec").path("config").path("x").isTextual()).isTrue();
    assertThat(in.path("spec").path("config").path("x").asText()).isEqualTo("yes");
    assertThat(docs.get(1).path("spec").has("replicas"))
        .as("replicas left to the broker's default")
        .isFalse();
  }

  @Test
  void shouldGrantTheUserExactlyTheLeastAcls() throws Exception {
    JsonNode user =
        documents(
                StrimziExport.yaml(
                    TOPICS,
                    LeastAcls.of("team-app", "Team_In", "out", "dlq"),
                    "kafka-a",
                    "team",
                    "scram-sha-512"))
            .get(3);
    assertThat(user.path("metadata").path("name").asText()).isEqualTo("team");
    assertThat(user.path("spec").path("authentication").path("type").asText())
        .isEqualTo("scram-sha-512");
    List<String> acls = new ArrayList<>();
    user.path("spec")
        .path("authorization")
        .path("acls")
        .forEach(
            a ->
                acls.add(
                    a.path("resource").path("type").asText()
                        + " "
                        + a.path("resource").path("name").asText()
                        + " "
                        + a.path("resource").path("patternType").asText()
                        + " "
                        + a.path("operations").get(0).asText()));
    assertThat(acls)
        .containsExactly(
            "topic Team_In literal Read",
            "topic out literal Write",
            "topic dlq literal Write",
            "group team-app literal Read",
            "transactionalId team-app prefix Write");
  }

  @Test
  void shouldRefuseAnAuthenticationStrimziHasNot() {
    assertThatThrownBy(
            () -> StrimziExport.yaml(TOPICS, LeastAcls.of("a", "b", "c", "d"), "k", "u", "plain"))
        .hasMessageContaining("plain");
  }
}
