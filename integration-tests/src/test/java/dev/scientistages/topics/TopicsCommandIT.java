package dev.scientistages.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.support.AppProcess;
import dev.scientistages.toolkit.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code topics create} from the processor's jar, as the compose file's topics step runs it. */
class TopicsCommandIT {
  private static final Duration EXIT = Duration.ofSeconds(90);

  @Test
  void shouldCreateTheDeclaredTopicsOnceThenFindThemThere(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka broker = EmbeddedKafka.start(0, null);
        Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
      String first = run(dir, "first", env);
      assertThat(first.lines().toList())
          .containsExactly(
              "scientists (input, 12 partitions): created",
              "ages (output, 12 partitions): created",
              "scientists.dlq (dead-letter, 12 partitions): created");

      String second = run(dir, "second", env);
      assertThat(second.lines().toList())
          .containsExactly(
              "scientists (input, 12 partitions): exists",
              "ages (output, 12 partitions): exists",
              "scientists.dlq (dead-letter, 12 partitions): exists");

      Map<String, TopicDescription> topics =
          admin
              .describeTopics(List.of("scientists", "ages", "scientists.dlq"))
              .allTopicNames()
              .get();
      assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(12));
      assertThat(admin.listTopics().names().get())
          .containsAll(Set.of("scientists", "ages", "scientists.dlq"));
    }
  }

  private static String run(Path dir, String name, Map<String, String> env) {
    try (AppProcess topics = AppProcess.start(dir, name, env, "topics", "create")) {
      assertThat(topics.awaitExit(EXIT)).as(topics.stderr()).isZero();
      return topics.stdout();
    }
  }
}
