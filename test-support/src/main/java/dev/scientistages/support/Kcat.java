package dev.scientistages.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's kcat, an outside Kafka client, as the docs tell users to run it. */
public final class Kcat {
  private Kcat() {}

  /** Skips the calling test where kcat is missing, and fails it in CI, which installs kcat. */
  public static void requireInstalled() {
    OutsideTools.require("kcat", "kcat");
  }

  /** Sends {@code lines} (each {@code key|value}) to {@code topic}; fails if kcat fails. */
  public static void produceKeyed(String bootstrap, String topic, List<String> lines)
      throws IOException, InterruptedException {
    Process producer =
        new ProcessBuilder("kcat", "-b", bootstrap, "-P", "-t", topic, "-K", "|")
            .redirectErrorStream(true)
            .start();
    producer
        .getOutputStream()
        .write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    producer.getOutputStream().close();
    assertThat(producer.waitFor(60, TimeUnit.SECONDS)).as("kcat -P ended").isTrue();
    assertThat(producer.exitValue())
        .as(new String(producer.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
  }

  /**
   * Reads the first {@code count} committed records of {@code topic} from the beginning, as {@code
   * key<TAB>value} lines; kcat's own output goes to {@code stderr}.
   */
  public static List<String> consumeCommitted(
      String bootstrap, String topic, int count, Path stderr)
      throws IOException, InterruptedException {
    Process consumer =
        new ProcessBuilder(
                "kcat",
                "-b",
                bootstrap,
                "-C",
                "-t",
                topic,
                "-o",
                "beginning",
                "-c",
                Integer.toString(count),
                "-X",
                "isolation.level=read_committed",
                "-f",
                "%k\\t%s\\n")
            .redirectError(stderr.toFile())
            .start();
    boolean done = consumer.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      consumer.destroyForcibly();
    }
    assertThat(done).as("kcat read %d records of %s", count, topic).isTrue();
    return new String(consumer.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .lines()
        .toList();
  }
}
