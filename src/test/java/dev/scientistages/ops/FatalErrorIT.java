package dev.scientistages.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.clients.LineProducer;
import dev.scientistages.local.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fatal error in a stream thread ends the process with exit code 1, for its supervisor. */
class FatalErrorIT {
  @TempDir Path dir;

  @Test
  void shouldExitWithCodeOneWhenTheStreamsClientEndsInError() throws Exception {
    try (EmbeddedKafka broker = EmbeddedKafka.start(0, null);
        Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      // The output topic refuses every record: the send fails with RecordTooLargeException,
      // which no retry can cure.
      admin
          .createTopics(
              List.of(
                  new NewTopic("fatal.in", Optional.of(1), Optional.empty()),
                  new NewTopic("fatal.out", Optional.of(1), Optional.empty())
                      .configs(Map.of("max.message.bytes", "1")),
                  new NewTopic("fatal.dlq", Optional.of(1), Optional.empty())))
          .all()
          .get();
      Path log = dir.resolve("stderr.log");
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "dev.scientistages.Main",
                  "run",
                  "-b",
                  broker.bootstrapServers(),
                  "--application-id",
                  "fatal",
                  "--threads",
                  "1",
                  "-s",
                  "ages.http.port=off",
                  "-s",
                  "ages.topics.create=false",
                  "-s",
                  "ages.topic.input=fatal.in",
                  "-s",
                  "ages.topic.output=fatal.out",
                  "-s",
                  "errors.dead.letter.queue.topic.name=fatal.dlq",
                  "-s",
                  "state.dir=" + dir.resolve("state"))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        Properties client = new Properties();
        client.put("bootstrap.servers", broker.bootstrapServers());
        try (LineProducer producer = new LineProducer(client, "fatal.in")) {
          producer.send("{\"name\": \"Ada Lovelace\", \"born\": 1815}");
          producer.flush();
        }
        assertThat(child.waitFor(90, TimeUnit.SECONDS))
            .as("the process ends by itself; its log:%n%s", Files.readString(log))
            .isTrue();
        assertThat(child.exitValue()).isEqualTo(1);
        String output = Files.readString(log);
        assertThat(output).contains("-> ERROR").contains("fatal error");
      } finally {
        child.destroyForcibly();
      }
    }
  }
}
