package dev.scientistages.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.support.AppProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product is the processor's jar alone: none of the workshop inside it, and a clear message
 * (never a missing class) when it is asked for what lives in the toolkit or the benchmark.
 */
class ProcessorJarIT {
  /** Most the image's jar may weigh (the all-in-one jar was 125 MB). */
  private static final long MAX_BYTES = 35L * 1024 * 1024;

  /** Packages of the workshop: the broker, Scala, RocksDB, the bench's chart and histograms. */
  private static final List<String> WORKSHOP =
      List.of("kafka/server/", "scala/", "org/rocksdb/", "org/knowm/", "org/HdrHistogram/");

  private static final Duration EXIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private static Path jar() {
    return Path.of(System.getProperty(AppProcess.PROCESSOR_JAR));
  }

  @Test
  void shouldCarryNoneOfTheWorkshop() throws IOException {
    try (ZipFile zip = new ZipFile(jar().toFile())) {
      List<String> names = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
      assertThat(names).as("the processor's own classes").contains("dev/scientistages/Main.class");
      for (String prefix : WORKSHOP) {
        assertThat(names).as("entries under %s", prefix).noneMatch(n -> n.startsWith(prefix));
      }
      assertThat(names)
          .as("the broker's classes (only the clients' version files sit under kafka/)")
          .noneMatch(n -> n.startsWith("kafka/") && n.endsWith(".class"));
      assertThat(names)
          .as("the toolkit's and the benchmark's classes")
          .noneMatch(n -> n.startsWith("dev/scientistages/toolkit/"))
          .noneMatch(n -> n.startsWith("dev/scientistages/bench/"));
    }
    assertThat(Files.size(jar())).as("size of %s in bytes", jar()).isLessThanOrEqualTo(MAX_BYTES);
  }

  @Test
  void shouldNameTheToolkitWhenAskedForDemo() {
    try (AppProcess app = AppProcess.start(dir, "demo", "demo")) {
      assertThat(app.awaitExit(EXIT)).isEqualTo(2);
      assertThat(app.stderr())
          .contains("'demo' is not part of the processor")
          .contains("scientist-ages.jar")
          .doesNotContain("NoClassDefFoundError")
          .doesNotContain("Exception");
    }
  }

  @Test
  void shouldNameTheBenchmarkWhenAskedForBench() {
    try (AppProcess app = AppProcess.start(dir, "bench", "bench")) {
      assertThat(app.awaitExit(EXIT)).isEqualTo(2);
      assertThat(app.stderr())
          .contains("'bench' is not part of the processor")
          .contains("scientist-ages-bench.jar")
          .doesNotContain("Exception");
    }
  }

  @Test
  void shouldAskForBootstrapServersInsteadOfStartingABroker() {
    try (AppProcess app = AppProcess.start(dir, "run", "run", "-s", "ages.http.port=off")) {
      assertThat(app.awaitExit(EXIT)).isEqualTo(2);
      assertThat(app.stderr())
          .contains("Invalid setting 'bootstrap.servers'")
          .contains("KAFKA_BOOTSTRAP_SERVERS")
          .doesNotContain("Exception");
    }
  }
}
