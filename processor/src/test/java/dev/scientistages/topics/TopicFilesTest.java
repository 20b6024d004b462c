package dev.scientistages.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scientistages.support.RepositoryFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicFilesTest {
  @TempDir Path dir;

  private static TopicSpec parse(String text) throws IOException {
    return TopicFiles.parse(
        "t.properties", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void shouldReadTheRepositoryTopicFiles() {
    Map<TopicSpec.Role, TopicSpec> specs = TopicFiles.load(RepositoryFiles.path("topics"));
    assertThat(specs.get(TopicSpec.Role.INPUT).name()).isEqualTo("scientists");
    assertThat(specs.get(TopicSpec.Role.OUTPUT).name()).isEqualTo("ages");
    assertThat(specs.get(TopicSpec.Role.DEAD_LETTER).name()).isEqualTo("scientists.dlq");
    assertThat(specs.values()).allSatisfy(s -> assertThat(s.partitions()).isEqualTo(12));
    assertThat(specs.values()).allSatisfy(s -> assertThat(s.replicationFactor()).isEmpty());
    assertThat(specs.get(TopicSpec.Role.INPUT).configs())
        .containsEntry("retention.ms", "604800000");
  }

  @Test
  void shouldReadTheBuiltInCopyAlike() {
    assertThat(TopicFiles.loadBuiltIn()).isEqualTo(TopicFiles.load(RepositoryFiles.path("topics")));
  }

  @Test
  void shouldParseEveryField() throws IOException {
    TopicSpec spec =
        parse(
            "role=output\nname=out\npartitions=3\nreplication.factor=2\nconfig.min.insync.replicas=2\n");
    assertThat(spec)
        .isEqualTo(
            new TopicSpec(
                TopicSpec.Role.OUTPUT,
                "out",
                3,
                Optional.of((short) 2),
                Map.of("min.insync.replicas", "2")));
    assertThat(spec.toNewTopic().numPartitions()).isEqualTo(3);
    assertThat(spec.named("other").name()).isEqualTo("other");
  }

  @Test
  void shouldRejectBadFilesNamingFileAndKey() {
    assertThatThrownBy(() -> parse("role=input\nname=x\npartitions=0\n"))
        .hasMessageContaining("t.properties")
        .hasMessageContaining("'partitions'");
    assertThatThrownBy(() -> parse("role=input\nname=x\npartitions=twelve\n"))
        .hasMessageContaining("'partitions'");
    assertThatThrownBy(() -> parse("role=input\npartitions=1\n")).hasMessageContaining("'name'");
    assertThatThrownBy(() -> parse("role=sink\nname=x\npartitions=1\n"))
        .hasMessageContaining("role 'sink'");
    assertThatThrownBy(() -> parse("role=input\nname=x\npartitions=1\nreplication.factor=zero\n"))
        .hasMessageContaining("'replication.factor'");
    assertThatThrownBy(() -> parse("role=input\nname=x\npartitions=1\nretention.ms=5\n"))
        .hasMessageContaining("unknown key 'retention.ms'");
  }

  @Test
  void shouldRequireEachRoleExactlyOnce() throws IOException {
    Files.writeString(dir.resolve("a.properties"), "role=input\nname=a\npartitions=1\n");
    Files.writeString(dir.resolve("b.properties"), "role=output\nname=b\npartitions=1\n");
    assertThatThrownBy(() -> TopicFiles.load(dir))
        .hasMessageContaining("no topic file has role dead-letter");
    Files.writeString(dir.resolve("c.properties"), "role=output\nname=c\npartitions=1\n");
    assertThatThrownBy(() -> TopicFiles.load(dir))
        .hasMessageContaining("more than one topic file has role output");
  }
}
