package dev.scientistages.toolkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of {@code kafka.Kafka server.properties} in a JVM of its own, its output in a file. */
final class KafkaProcess {
  private final Process process;
  private final Path log;

  private KafkaProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts a Kafka node with this configuration, on this JVM's classpath. */
  static KafkaProcess start(Path config, Path log, String heap) {
    return start(List.of(), config, log, heap);
  }

  /**
   * As {@link #start(Path, Path, String)}, the command run by {@code prefix}: {@code ip netns exec
   * NS} puts the node in a network namespace (it execs, so the process is the node's JVM).
   */
  static KafkaProcess start(List<String> prefix, Path config, Path log, String heap) {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    // Warnings, and what the transaction coordinator did: a transaction left open is explained.
    command.add("-Dlog4j2.configurationFile=classpath:broker-log4j2.properties");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("kafka.Kafka");
    command.add(config.toString());
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new KafkaProcess(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM, then the exit code; fails if the node does not end within {@code timeout}. */
  int stop(Duration timeout) {
    process.destroy();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "The Kafka JVM did not stop within " + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while the Kafka JVM stopped", e);
    }
    return process.exitValue();
  }

  /** SIGTERM, and SIGKILL if the node has not ended within {@code timeout}; never throws. */
  void close(Duration timeout) {
    if (!process.isAlive()) {
      return;
    }
    try {
      stop(timeout);
    } catch (IllegalStateException e) {
      kill();
    }
  }

  /** {@code kill -SIGNAL pid}: STOP freezes the node as a long pause would, CONT wakes it. */
  void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while signalling the Kafka JVM", e);
    }
  }

  /** SIGKILL: no shutdown at all. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Everything the node has written so far. */
  String output() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last lines of the output, for an error message. */
  String tail() {
    List<String> lines = output().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }
}
