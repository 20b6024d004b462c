package dev.scientistages.toolkit;

import dev.scientistages.support.AppProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * {@code run} as a user starts it on a laptop: on its own embedded broker (any free port), with the
 * reference year 2017, returned once its stream is RUNNING.
 */
record EmbeddedRun(AppProcess process, String bootstrap) implements AutoCloseable {
  static EmbeddedRun start(Path dir, Duration timeout) {
    AppProcess run =
        AppProcess.start(
            dir,
            "run",
            "run",
            "--embedded-port",
            "0",
            "--reference-year",
            "2017",
            "-s",
            "ages.http.port=0",
            "-s",
            "state.dir=" + dir.resolve("state"));
    try {
      String bootstrap =
          run.awaitOutput(
              Pattern.compile("Embedded Kafka broker ready at (127\\.0\\.0\\.1:\\d+) "), timeout);
      run.awaitOutput(Pattern.compile("-> RUNNING"), timeout);
      return new EmbeddedRun(run, bootstrap);
    } catch (RuntimeException | AssertionError e) {
      run.close();
      throw e;
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
