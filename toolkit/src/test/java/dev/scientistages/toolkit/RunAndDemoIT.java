package dev.scientistages.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scientistages.serde.JsonSerde;
import dev.scientistages.support.AppProcess;
import dev.scientistages.support.ClassicExample;
import dev.scientistages.support.Kcat;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verbs through the application's entry point, in a child JVM as a user starts them: {@code
 * demo} prints the classic ages; {@code run} starts the embedded broker, which an outside client
 * (Debian's {@code kcat}) uses to feed it and read the ages back, and leaves nothing behind.
 */
class RunAndDemoIT {
  private static final Duration START = Duration.ofSeconds(90);

  @TempDir Path dir;

  private static JsonNode json(String s) {
    try {
      return JsonSerde.MAPPER.readTree(s);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }

  @Test
  void shouldPrintTheClassicAgesInInputOrderFromDemo() throws Exception {
    try (AppProcess demo =
        AppProcess.start(dir, "demo", "demo", "-s", "state.dir=" + dir.resolve("state"))) {
      assertThat(demo.awaitExit(Duration.ofSeconds(180)))
          .as("exit code; stderr:%n%s", demo.stderr())
          .isZero();
      List<String> expected = ClassicExample.ages2017();
      List<String> printed = demo.stdout().lines().toList();
      assertThat(printed.stream().map(RunAndDemoIT::json).toList())
          .containsExactlyElementsOf(expected.stream().map(RunAndDemoIT::json).toList());
      assertThat(demo.stderr()).contains("Summary: 7 record(s) in, 7 out, 0 dead-lettered");
    }
  }

  @Test
  void shouldAccountForBadLinesInDemoAndKeepInputOrder() throws Exception {
    Path input = dir.resolve("input.jsonl");
    Files.writeString(
        input,
        String.join(
            "\n",
            "{\"name\": \"Marie Curie\", \"born\": 1867}",
            "this is not JSON",
            "{\"name\": \"Time Traveller\", \"born\": 2999}",
            "{\"name\": \"Ada Lovelace\", \"born\": 1815}",
            ""));
    try (AppProcess demo =
        AppProcess.start(
            dir,
            "demo-input",
            "demo",
            "--input",
            input.toString(),
            "-s",
            "state.dir=" + dir.resolve("state"))) {
      assertThat(demo.awaitExit(Duration.ofSeconds(180)))
          .as("exit code; stderr:%n%s", demo.stderr())
          .isZero();
      List<String> printed = demo.stdout().lines().toList();
      assertThat(printed).hasSize(4);
      assertThat(json(printed.get(0))).isEqualTo(json("{\"name\":\"Marie Curie\",\"age\":150}"));
      assertThat(printed.get(1)).startsWith("dead-lettered ").contains("MALFORMED_JSON");
      assertThat(printed.get(2)).startsWith("dead-lettered ").contains("BORN_AFTER_REFERENCE_YEAR");
      assertThat(json(printed.get(3))).isEqualTo(json("{\"name\":\"Ada Lovelace\",\"age\":202}"));
      assertThat(demo.stderr()).contains("Summary: 4 record(s) in, 2 out, 2 dead-lettered");
    }
  }

  @Test
  void shouldServeKcatOnTheEmbeddedBrokerAndLeaveNothingBehind() throws Exception {
    Kcat.requireInstalled();

    try (EmbeddedRun embedded = EmbeddedRun.start(dir, START)) {
      AppProcess run = embedded.process();
      String bootstrap = embedded.bootstrap();
      String dataDir =
          run.awaitOutput(Pattern.compile("data dir (\\S+), temporary"), Duration.ofSeconds(5));
      assertThat(Path.of(dataDir)).isDirectory();

      // Produce the classic scientists with kcat, key = name, as the banner shows.
      List<String> keyed = new ArrayList<>();
      for (String line : ClassicExample.scientists()) {
        keyed.add(json(line).get("name").asText() + "|" + line);
      }
      Kcat.produceKeyed(bootstrap, "scientists", keyed);

      // Read the seven ages back with kcat, committed records only.
      Map<String, JsonNode> read = new HashMap<>();
      for (String line : Kcat.consumeCommitted(bootstrap, "ages", 7, dir.resolve("kcat.stderr"))) {
        String[] kv = line.split("\t", 2);
        read.put(kv[0], json(kv[1]));
      }
      Map<String, JsonNode> expected = new HashMap<>();
      for (String line : ClassicExample.ages2017()) {
        expected.put(json(line).get("name").asText(), json(line));
      }
      assertThat(read).isEqualTo(expected);

      // Ctrl-C/SIGTERM: a clean stop, and no port or temporary directory left.
      int port = Integer.parseInt(bootstrap.substring(bootstrap.indexOf(':') + 1));
      assertThat(run.stop(Duration.ofSeconds(60))).isIn(0, 143);
      assertThat(run.stderr()).contains("Processor stopped in");
      assertThat(Path.of(dataDir)).doesNotExist();
      assertThat(canConnect(port)).as("port %d still open", port).isFalse();
    }
  }

  private static boolean canConnect(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
