package dev.scientistages.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.io.LineProducer;
import dev.scientistages.support.AppProcess;
import dev.scientistages.support.Await;
import dev.scientistages.toolkit.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
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
      Await.topicsListed(admin, List.of("fatal.in", "fatal.out", "fatal.dlq"));
      try (AppProcess child =
          AppProcess.start(
              dir,
              "fatal",
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
              "state.dir=" + dir.resolve("state"))) {
        Properties client = new Properties();
        client.put("bootstrap.servers", broker.bootstrapServers());
        try (LineProducer producer = new LineProducer(client, "fatal.in")) {
          producer.send("{\"name\": \"Ada Lovelace\", \"born\": 1815}");
          producer.flush();
        }
        assertThat(child.awaitExit(Duration.ofSeconds(90))).isEqualTo(1);
        assertThat(child.stdout() + child.stderr()).contains("-> ERROR").contains("fatal error");
      }
    }
  }
}
