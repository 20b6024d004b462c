package dev.scientistages.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.scientistages.support.RepositoryFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Podman's Docker API for one compose project: starts {@code podman system service} on a socket
 * under {@code dir}, runs {@code docker-compose} with the repository's file and the test's override
 * against it, runs the health checks (podman schedules them with systemd, which is not there), and
 * removes every container, network and volume of the project and the service when closed, also from
 * a shutdown hook.
 */
final class ComposeRuntime implements AutoCloseable {
  static final String PROJECT = "sagescomposeit";
  static final Path CONTAINERS = RepositoryFiles.path("integration-tests/src/test/containers");
  private static final List<String> TOOLS =
      List.of("podman", "docker-compose", "mmdebstrap", "kcat", "curl");

  private final Path dir;
  private final Path socket;
  private final Process service;
  private final Thread healthChecks;
  private final Thread hook = new Thread(this::cleanUp, "compose-cleanup");
  private volatile boolean closed;

  /** One outcome of a command: exit code, standard output, standard error. */
  record Result(int exitCode, String output, String errors) {
    Result ok(String what) {
      assertThat(exitCode).as("%s, which printed:%n%s%n%s", what, output, errors).isZero();
      return this;
    }
  }

  /**
   * Skips the calling test with one line when the runtime is missing, unless {@code CI=true}, where
   * it fails: CI installs it.
   */
  static void requireInstalled() {
    List<String> missing = new ArrayList<>();
    for (String tool : TOOLS) {
      if (run(Duration.ofSeconds(10), "sh", "-c", "command -v " + tool).exitCode() != 0) {
        missing.add(tool);
      }
    }
    boolean root = "0".equals(run(Duration.ofSeconds(10), "id", "-u").output().strip());
    String line =
        "ComposeIT needs root and "
            + String.join(", ", TOOLS)
            + " (missing: "
            + (missing.isEmpty() ? "none" : String.join(", ", missing))
            + (root ? "" : "; not root")
            + "): CI=true bash .ci/run installs them and runs it (docs/development.md)";
    boolean ready = missing.isEmpty() && root;
    if (!"true".equals(System.getenv("CI"))) {
      assumeThat(ready).as(line).isTrue();
    }
    assertThat(ready).as(line).isTrue();
  }

  private ComposeRuntime(Path dir) throws IOException, InterruptedException {
    this.dir = dir;
    Files.createDirectories(dir);
    this.socket = dir.resolve("podman.sock");
    Files.deleteIfExists(socket);
    this.service =
        new ProcessBuilder(
                "podman", "system", "service", "--time=0", "unix://" + socket.toAbsolutePath())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("podman-service.log").toFile())
            .start();
    Runtime.getRuntime().addShutdownHook(hook);
    // For src/test/containers/cleanup.sh, should this JVM die before its own cleanup.
    Files.writeString(dir.resolve("podman-service.pid"), service.pid() + "\n");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!apiAnswers()) {
      if (!service.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(
            "podman system service did not answer on "
                + socket
                + "; its log:\n"
                + Files.readString(dir.resolve("podman-service.log")));
      }
      Thread.sleep(200);
    }
    this.healthChecks = new Thread(this::runHealthChecks, "compose-health-checks");
    healthChecks.setDaemon(true);
  }

  /** Starts the API service, removes what a dead run of the project left, starts health checks. */
  static ComposeRuntime start(Path dir) throws IOException, InterruptedException {
    ComposeRuntime runtime = new ComposeRuntime(dir);
    runtime.removeProject();
    runtime.healthChecks.start();
    return runtime;
  }

  String dockerHost() {
    return "unix://" + socket.toAbsolutePath();
  }

  private boolean apiAnswers() {
    return Files.exists(socket)
        && run(
                    Duration.ofSeconds(10),
                    "curl",
                    "-fsS",
                    "--unix-socket",
                    socket.toString(),
                    "http://d/_ping")
                .exitCode()
            == 0;
  }

  /**
   * {@code docker-compose ARGS}, as the README writes them: the project's name and its two files
   * (docker-compose.yml, then the test's override) come from the environment, as {@code
   * COMPOSE_PROJECT_NAME} and {@code COMPOSE_FILE}.
   */
  Result compose(Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of("docker-compose", "--no-ansi"));
    command.addAll(List.of(args));
    Map<String, String> env = new HashMap<>();
    env.put("DOCKER_HOST", dockerHost());
    env.put("COMPOSE_PROJECT_NAME", PROJECT);
    env.put(
        "COMPOSE_FILE",
        RepositoryFiles.path("docker-compose.yml") + ":" + CONTAINERS.resolve("compose.test.yml"));
    // Builds through the API, not through a docker CLI that is not there.
    env.put("COMPOSE_DOCKER_CLI_BUILD", "0");
    env.put("DOCKER_BUILDKIT", "0");
    return run(timeout, env, command);
  }

  /** {@code podman ARGS} on the same storage as the service. */
  static Result podman(String... args) {
    List<String> command = new ArrayList<>(List.of("podman"));
    command.addAll(List.of(args));
    return run(Duration.ofMinutes(2), Map.of(), command);
  }

  /** The project's containers of {@code service}, by name, running or not. */
  static List<String> containers(String service) {
    return lines(
        podman(
                "ps",
                "-a",
                "--filter",
                "label=com.docker.compose.project=" + PROJECT,
                "--filter",
                "label=com.docker.compose.service=" + service,
                "--format",
                "{{.Names}}")
            .output());
  }

  /** {@code podman inspect --format FORMAT container}, stripped. */
  static String inspect(String container, String format) {
    return podman("inspect", "--format", format, container).ok("podman inspect").output().strip();
  }

  /** Whether podman's last health check of the container passed. */
  static boolean healthy(String container) {
    Result r = podman("inspect", "--format", "{{.State.Health.Status}}", container);
    return r.exitCode() == 0 && r.output().strip().equals("healthy");
  }

  private static List<String> lines(String output) {
    return output.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * What podman would run from systemd timers: each running container's health check, every 2 s
   * until it is healthy, then at the compose file's 10 s interval.
   */
  private void runHealthChecks() {
    Map<String, Long> last = new HashMap<>();
    while (!closed) {
      for (String line :
          lines(
              podman(
                      "ps",
                      "--filter",
                      "label=com.docker.compose.project=" + PROJECT,
                      "--format",
                      "{{.ID}} {{.Status}}")
                  .output())) {
        String id = line.split(" ", 2)[0];
        boolean isHealthy = line.contains("(healthy)");
        long now = System.nanoTime();
        Long before = last.get(id);
        if (before == null || now - before > TimeUnit.SECONDS.toNanos(isHealthy ? 10 : 2)) {
          last.put(id, now);
          run(Duration.ofSeconds(30), "podman", "healthcheck", "run", id);
        }
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Removes every container, network and volume of the project, by its labels and names. */
  void removeProject() {
    compose(Duration.ofMinutes(3), "--profile", "monitoring", "down", "-v", "--remove-orphans");
    for (String id :
        lines(
            podman("ps", "-a", "-q", "--filter", "label=com.docker.compose.project=" + PROJECT)
                .output())) {
      podman("rm", "-f", "-v", id);
    }
    for (String id :
        lines(
            podman("network", "ls", "-q", "--filter", "label=com.docker.compose.project=" + PROJECT)
                .output())) {
      podman("network", "rm", "-f", id);
    }
    for (String name :
        lines(
            podman("volume", "ls", "-q", "--filter", "label=com.docker.compose.project=" + PROJECT)
                .output())) {
      podman("volume", "rm", "-f", name);
    }
  }

  private synchronized void cleanUp() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      removeProject();
    } finally {
      service.destroy();
      try {
        if (!service.waitFor(20, TimeUnit.SECONDS)) {
          service.destroyForcibly();
        }
      } catch (InterruptedException e) {
        service.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      try {
        Files.deleteIfExists(socket);
        Files.deleteIfExists(dir.resolve("podman-service.pid"));
      } catch (IOException e) {
        // the directory is the build's own
      }
    }
  }

  @Override
  public void close() {
    cleanUp();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs, and finds the work done
    }
  }

  static Result run(Duration timeout, String... command) {
    return run(timeout, Map.of(), List.of(command));
  }

  static Result run(Duration timeout, Map<String, String> env, List<String> command) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(env);
      Path out = Files.createTempFile("compose-it", ".out");
      Path err = Files.createTempFile("compose-it", ".err");
      try {
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
          p.destroyForcibly().waitFor();
        }
        String errors = Files.readString(err, StandardCharsets.UTF_8);
        return new Result(
            done ? p.exitValue() : -1,
            Files.readString(out, StandardCharsets.UTF_8),
            done ? errors : "timed out after " + timeout + "\n" + errors);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      return new Result(-1, "", command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "", "interrupted");
    }
  }
}
