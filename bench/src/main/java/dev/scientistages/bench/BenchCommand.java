package dev.scientistages.bench;

import dev.scientistages.cli.DataDirOption;
import dev.scientistages.cli.ExitCode;
import dev.scientistages.cli.KafkaOptions;
import dev.scientistages.cli.Verb;
import dev.scientistages.cluster.Cluster;
import dev.scientistages.cluster.LocalBroker;
import dev.scientistages.config.Settings;
import dev.scientistages.runtime.SecretMasking;
import dev.scientistages.toolkit.BrokerJvm;
import dev.scientistages.topics.TopicEnsurer;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: throughput, scaling and latency of the processor side by side with the limit of
 * the broker it runs on, in one run on one machine. Not part of the test suite: figures on a shared
 * machine drift, ratios hold.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    resourceBundle = "dev.scientistages.bench.bench-help",
    description = {
      "Throughput, scaling and latency next to the broker's own limit.",
      "Benchmark on a broker of its own (see --broker) or a configured cluster: preload N"
          + " generated scientists, warm up, then drain them into a fresh output topic per run:",
      "  P   one producer alone, sending the input to a fresh topic: the producer limit",
      "  B1  plain consumer -> producer byte copy (the limit), same threads and guarantee",
      "  B2  Kafka Streams identity topology on bytes",
      "  A   the scientist-ages topology, at_least_once and exactly_once_v2",
      "  C   A with a heavy process_item (--work-micros of computation per record)",
      "  L   end-to-end latency of A at a fixed offered rate",
      "Prints a table and ratios, writes JSON and a PNG chart to --output-dir. Every run checks"
          + " its output (read_committed); exit code 1 if any lost a record or failed."
    })
public final class BenchCommand implements Callable<Integer>, Verb {
  @Mixin KafkaOptions kafka;
  @Mixin DataDirOption dataDir;
  @Spec CommandSpec spec;

  @Mixin BenchOptions options;

  /** Where the broker runs when no cluster is configured. */
  enum BrokerPlace {
    jvm,
    here
  }

  @Option(
      names = "--broker",
      paramLabel = "jvm|here",
      defaultValue = "jvm",
      description =
          "With no cluster configured: start the broker as a JVM of its own (jvm, the default: the"
              + " CPU, heap and JIT measured are the client's alone) or inside this one (here).")
  BrokerPlace broker;

  @Override
  public Integer call() throws Exception {
    BenchPlan plan = options.plan(spec.commandLine());
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(Settings.HTTP_PORT, "off");
    if (!kafka.embeddedPortGiven()) {
      flags.put(Settings.EMBEDDED_PORT, "0");
    }
    Settings settings = kafka.settings(flags);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant started = Instant.now();
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    List<BenchResult> results;
    String where;
    try (LocalBroker own =
            settings.bootstrapServers().isEmpty() && broker == BrokerPlace.jvm
                ? BrokerJvm.start("1g")
                : null;
        Cluster cluster =
            own == null
                ? Cluster.open(settings)
                : Cluster.open(
                    settings.with(
                        Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, own.bootstrapServers())))) {
      // The runs make their own topics: the cluster answering is all there is to check first.
      TopicEnsurer.require(
          settings,
          cluster.bootstrapServers(),
          List.of(),
          failure -> "bench creates, writes, reads and deletes topics and groups of its own");
      where =
          own != null
              ? "its own JVM"
              : cluster.local().isPresent() ? "the benchmark's JVM" : "a configured cluster";
      err.printf(
          "Bench on %s (broker in %s): %,d records, %d partitions, threads %s, runs %s, %s.%n",
          cluster.bootstrapServers(),
          where,
          plan.records(),
          plan.partitions(),
          plan.threads(),
          plan.runs(),
          plan.guarantees());
      err.flush();
      results = new Bench(plan, settings, cluster.bootstrapServers(), err).run();
    }
    BenchReport report = new BenchReport(results, context(plan, where, started, load));
    out.println();
    report.printTable(out);
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started);
    Path json = plan.outputDir().resolve("bench-" + stamp + ".json");
    Path png = plan.outputDir().resolve("bench-" + stamp + ".png");
    report.writeJson(json);
    BenchChart.write(
        results,
        png,
        String.format(
            Locale.ROOT,
            "%,d records, %d partitions, %d cores%s",
            plan.records(),
            plan.partitions(),
            Runtime.getRuntime().availableProcessors(),
            ", broker in " + where));
    out.printf("%nResults: %s%nChart:   %s%n", json, png);
    out.flush();
    if (!report.ok()) {
      err.println("Error: a run lost records or failed (see the table).");
      return ExitCode.FAILED.code();
    }
    return ExitCode.OK.code();
  }

  /**
   * The command line with the value of every secret {@code KEY=VALUE} argument ({@code -s
   * sasl.jaas.config=...}, {@code --set=ssl.key.password=...}) replaced by the mask.
   */
  static String maskedCommand(List<String> args) {
    List<String> out = new ArrayList<>(args.size());
    for (String arg : args) {
      String prefix =
          arg.startsWith("--set=")
              ? "--set="
              : arg.startsWith("-s") && !arg.startsWith("--") ? "-s" : "";
      String setting = arg.substring(prefix.length());
      int eq = setting.indexOf('=');
      out.add(
          eq > 0 && SecretMasking.isSecret(setting.substring(0, eq))
              ? prefix + setting.substring(0, eq + 1) + SecretMasking.MASK
              : arg);
    }
    return String.join(" ", out);
  }

  /** What the figures depend on, for the JSON: machine, command line, settings given. */
  private Map<String, Object> context(BenchPlan plan, String where, Instant started, double load) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("started", started.toString());
    c.put(
        "machine",
        Map.of(
            "cores",
            Runtime.getRuntime().availableProcessors(),
            "java",
            System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
            "os",
            System.getProperty("os.name") + " " + System.getProperty("os.arch"),
            "loadAverageAtStart",
            Math.round(load * 100) / 100.0));
    c.put("broker", where);
    // The results file may be shared: no password or key material in it.
    c.put("command", maskedCommand(spec.commandLine().getParseResult().originalArgs()));
    c.put("settingsGiven", SecretMasking.masked(kafka.setFlags()));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("records", plan.records());
    p.put("partitions", plan.partitions());
    p.put("threads", plan.threads());
    p.put("guarantees", plan.guarantees());
    p.put("runs", plan.runs());
    p.put("repeat", plan.repeat());
    p.put("workMicros", plan.workMicros());
    p.put("latencySeconds", plan.latencySeconds());
    p.put("latencyRate", plan.latencyRate());
    p.put("seed", plan.seed());
    p.put("warmupRounds", plan.warmupRounds());
    c.put("plan", p);
    return c;
  }
}
