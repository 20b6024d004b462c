package dev.scientistages.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.cli.ExitCode;
import dev.scientistages.support.AppProcess;
import dev.scientistages.support.Slow;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster that does not answer: the processor gives up when it says, naming the address. */
@Slow
class UnreachableClusterIT {
  @Test
  void shouldGiveUpInTheTimeItStatesWithOneLineWhileItWaits(@TempDir Path dir) {
    long start = System.nanoTime();
    try (AppProcess app =
        AppProcess.start(dir, "run", "run", "-b", "127.0.0.1:1", "-s", "ages.http.port=off")) {
      assertThat(app.awaitExit(Duration.ofSeconds(120))).isEqualTo(ExitCode.UNAVAILABLE.code());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      String err = app.stderr();
      assertThat(err)
          .contains("the cluster at 127.0.0.1:1 did not answer within 30 s")
          .doesNotContain("Exception");
      // The bound it states, plus the JVM's start and the client's own close.
      assertThat(took).as(err).isLessThan(Duration.ofSeconds(45));
      assertThat(err.lines().filter(l -> l.contains(" WARN ")).count())
          .as("warnings while it waits:%n%s", err)
          .isLessThanOrEqualTo(2);
    }
  }
}
