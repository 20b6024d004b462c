package dev.scientistages.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.cli.ExitCode;
import dev.scientistages.config.Settings;
import dev.scientistages.support.AppProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench -b} at an address where nothing listens: exit code 3 before any run. */
class BenchUnreachableClusterIT {
  @Test
  void shouldStopWithExitCodeThreeNamingTheAddressWithinTheSetting(@TempDir Path dir) {
    Path results = dir.resolve("results");
    long start = System.nanoTime();
    try (AppProcess bench =
        AppProcess.startJava(
            dir,
            "bench",
            Map.of(),
            "dev.scientistages.Main",
            "bench",
            "-b",
            "127.0.0.1:1",
            "-s",
            Settings.CLUSTER_TIMEOUT + "=3000",
            "--records",
            "100",
            "--output-dir",
            results.toString())) {
      assertThat(bench.awaitExit(Duration.ofSeconds(60)))
          .as(bench.stderr())
          .isEqualTo(ExitCode.UNAVAILABLE.code());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      String output = bench.stdout() + bench.stderr();
      List<String> errors = bench.stderr().lines().filter(l -> l.startsWith("Error: ")).toList();
      assertThat(errors)
          .as(output)
          .singleElement()
          .asString()
          .contains("the cluster at 127.0.0.1:1 did not answer within 3 s")
          .endsWith("(is bootstrap.servers right, and the cluster up?)");
      assertThat(output).doesNotContain("Exception").doesNotContain("Bench on");
      assertThat(took).as(output).isLessThan(Duration.ofSeconds(15));
      assertThat(output.lines().count()).as("lines:%n%s", output).isLessThanOrEqualTo(4);
      assertThat(Files.exists(results)).as("no results written").isFalse();
    }
  }
}
