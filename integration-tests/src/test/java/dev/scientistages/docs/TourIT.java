package dev.scientistages.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.support.Await;
import dev.scientistages.support.Kcat;
import dev.scientistages.support.RepositoryFiles;
import dev.scientistages.support.Slow;
import dev.scientistages.support.TopicContracts;
import dev.scientistages.toolkit.Directories;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's tour and the redrive runbook, run as written: every command of their {@code sh}
 * blocks in order, from the top of the repository, as a user pastes them. A command must end with
 * exit code 0, and each line of an output block shown after it must be a line of its output ({@code
 * ...} stands for any text; records of different partitions may come in any order, so the lines may
 * too). {@code run} goes on in the background, as in its own terminal, until a later {@code run}
 * with its own broker replaces it or the end, when each is stopped as the pages say, with Ctrl-C.
 */
@Slow
class TourIT {
  private static final Path ROOT = RepositoryFiles.path(".");
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

  @TempDir Path dir;
  private final Deque<Process> running = new ArrayDeque<>();
  private int commands;

  @AfterEach
  void stopWhatRuns() throws Exception {
    stopAll();
  }

  @Test
  void shouldRunTheReadmeTourAsWritten() throws Exception {
    Kcat.requireInstalled();
    requireFree(9092, 8080);
    List<DocumentedStep> steps =
        DocumentedStep.of(
            ROOT.resolve("README.md"), "## A five-minute tour", "**Docker Compose.**");
    assertThat(steps).as("the tour's commands").hasSizeGreaterThan(8);
    runAll(steps);
  }

  @Test
  void shouldRunTheRedriveRunbookAsWritten() throws Exception {
    requireFree(9192, 8180);
    Path data = ROOT.resolve("target/runbook-kafka");
    Directories.deleteRecursively(data);
    try {
      List<DocumentedStep> steps =
          DocumentedStep.of(
              ROOT.resolve("docs/redrive.md"),
              "### With the embedded broker",
              "### With Docker Compose");
      assertThat(steps).as("the runbook's commands").hasSizeGreaterThan(5);
      runAll(steps);
    } finally {
      stopAll();
      Directories.deleteRecursively(data);
    }
  }

  private void runAll(List<DocumentedStep> steps) throws Exception {
    for (DocumentedStep step : steps) {
      if (step.isRun()) {
        if (!step.command().contains(" -b ")) {
          stopAll(); // a run with its own broker: the one before it was stopped first
        }
        start(step);
      } else {
        String out = execute(step);
        if (step.command().contains(" consume ") && !step.command().contains("--dead-letters")) {
          // consume prints each output value as it is: each is held to the output schema.
          List<String> values = out.lines().filter(l -> l.startsWith("{")).toList();
          assertThat(values).as("the values %s printed", step.command()).isNotEmpty();
          for (String value : values) {
            assertThat(TopicContracts.outputViolations(value.getBytes(StandardCharsets.UTF_8)))
                .as("%s against the output schema", value)
                .isEmpty();
          }
        }
        for (String expected : step.expectedLines()) {
          assertThat(out.lines().anyMatch(line -> DocumentedStep.matches(expected, line)))
              .as("a line like%n  %s%nin the output of%n  %s%n%s", expected, step.command(), out)
              .isTrue();
        }
      }
    }
  }

  /** A {@code run}, in the background; returns once its stream threads are RUNNING. */
  private void start(DocumentedStep step) throws IOException {
    Path log = dir.resolve("run-" + (++commands) + ".log");
    Process p =
        new ProcessBuilder(List.of(step.command().split(" +")))
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    running.push(p);
    Await.until(
        "RUNNING after: " + step.command(),
        READY_TIMEOUT,
        () -> {
          assertThat(p.isAlive()).as("still running: %s%n%s", step.command(), read(log)).isTrue();
          return read(log).contains("-> RUNNING");
        });
  }

  /** Any other command, through the shell (pipes, here-documents), to its end. */
  private String execute(DocumentedStep step) throws Exception {
    Path out = dir.resolve("command-" + (++commands) + ".out");
    Path err = dir.resolve("command-" + commands + ".err");
    Process p =
        new ProcessBuilder("sh", "-c", step.command())
            .directory(ROOT.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    boolean ended = p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    assertThat(ended).as("ended within %s: %s", COMMAND_TIMEOUT, step.command()).isTrue();
    assertThat(p.exitValue())
        .as("exit code of%n  %s%n%s%s", step.command(), read(out), read(err))
        .isZero();
    return read(out);
  }

  /** Ctrl-C to each run, the last started first: each ends with the JVM's code for SIGINT. */
  private void stopAll() throws Exception {
    while (!running.isEmpty()) {
      Process p = running.pop();
      if (!p.isAlive()) {
        continue;
      }
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("run stopped by Ctrl-C").isTrue();
      assertThat(p.exitValue()).as("exit code of run after Ctrl-C").isEqualTo(130);
    }
  }

  private static void requireFree(int... ports) {
    for (int port : ports) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress("127.0.0.1", port));
      } catch (IOException e) {
        throw new AssertionError("the pages use port " + port + ", which is taken here", e);
      }
    }
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
