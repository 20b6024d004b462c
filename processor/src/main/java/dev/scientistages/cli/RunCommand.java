package dev.scientistages.cli;

import dev.scientistages.cluster.Cluster;
import dev.scientistages.cluster.ClusterAccessException;
import dev.scientistages.config.Settings;
import dev.scientistages.runtime.ProcessorService;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code run}: the processor, until Ctrl-C or SIGTERM. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the processor until Ctrl-C or SIGTERM.",
      "Scientists -> ages, bad records to the dead-letter topic.",
      "With no bootstrap servers configured it first starts an embedded Kafka broker and prints"
          + " how to produce to it and consume from it."
    })
public final class RunCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;
  @Mixin ProcessorOptions processor;
  @Mixin DataDirOption dataDir;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Settings settings = kafka.settings(processor.flags());
    Cluster cluster = Cluster.open(settings);
    ProcessorService service;
    try {
      service = ProcessorService.start(settings, cluster.bootstrapServers());
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    Shutdown shutdown =
        Shutdown.onSignal(
            () -> {
              service.close(ProcessorService.CLOSE_TIMEOUT);
              cluster.close();
            });
    PrintWriter out = spec.commandLine().getOut();
    cluster
        .local()
        .ifPresent(broker -> out.print(Banner.embedded(broker.bootstrapServers(), settings)));
    if (service.httpPort() >= 0) {
      out.printf(
          "Health, readiness and metrics: http://%s:%d/health /ready /metrics%n",
          urlHost(settings.httpHost()), service.httpPort());
    }
    out.flush();

    while (!service.awaitTermination(Duration.ofSeconds(1))) {
      // Wait for Ctrl-C/SIGTERM (the hook closes the client) or for the client to fail.
    }
    if (shutdown.signalled()) {
      shutdown.awaitCleanUp();
      return ExitCode.OK.code();
    }
    shutdown.cancel();
    boolean failed = service.failed();
    service.close(ProcessorService.CLOSE_TIMEOUT);
    cluster.close();
    if (!failed) {
      return ExitCode.OK.code();
    }
    Optional<ClusterAccessException> denied = service.accessFailure();
    denied.ifPresent(e -> spec.commandLine().getErr().println("Error: " + e.getMessage()));
    return (denied.isPresent() ? ExitCode.ACCESS_DENIED : ExitCode.FAILED).code();
  }

  /** What {@code run} prints so that a user can paste the next step. */
  static final class Banner {
    private Banner() {}

    static String embedded(String bootstrap, Settings s) {
      String java = "java -jar " + runningJar();
      String in = s.inputTopic();
      String outTopic = s.outputTopic();
      return String.join(
          System.lineSeparator(),
          "",
          "Embedded Kafka broker ready at " + bootstrap + " (it stops with this process).",
          "",
          "Produce scientists (key = name), then read the ages:",
          "  " + java + " produce -b " + bootstrap + " FILE.jsonl",
          "  echo 'Ada Lovelace|{\"name\": \"Ada Lovelace\", \"born\": 1815}' | kcat -b "
              + bootstrap
              + " -P -t "
              + in
              + " -K '|'",
          "  " + java + " consume -b " + bootstrap + " --from-beginning",
          "  kcat -b "
              + bootstrap
              + " -C -t "
              + outTopic
              + " -o beginning -X isolation.level=read_committed -f '%k %s\\n'",
          "Dead letters: " + java + " consume -b " + bootstrap + " --dead-letters --from-beginning",
          "Stop with Ctrl-C.",
          "",
          "");
    }

    /** The jar this process runs from, as the user would type it from here. */
    private static String runningJar() {
      try {
        Path jar =
            Path.of(RunCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path here = Path.of("").toAbsolutePath();
        return jar.toString().endsWith(".jar") && jar.startsWith(here)
            ? here.relativize(jar).toString()
            : jar.getFileName().toString();
      } catch (URISyntaxException | RuntimeException e) {
        return "scientist-ages.jar";
      }
    }
  }

  /** The address the endpoint is bound to, as a URL spells it; a wildcard is this machine. */
  static String urlHost(InetAddress bound) {
    if (bound.isAnyLocalAddress()) {
      return "localhost";
    }
    String literal = bound.getHostAddress();
    return bound instanceof Inet6Address ? "[" + literal + "]" : literal;
  }
}
