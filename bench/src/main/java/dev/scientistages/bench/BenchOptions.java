package dev.scientistages.bench;

import dev.scientistages.cli.Bounded;
import dev.scientistages.cli.ProgressOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of {@code bench} that say what it runs (records, threads, runs, guarantees, repeats,
 * warm-up, where the results go), and their checks: one {@link BenchPlan} once parsed.
 */
final class BenchOptions {
  @Option(
      names = "--records",
      paramLabel = "N",
      defaultValue = "1000000",
      description = "Scientists to preload and drain (default ${DEFAULT-VALUE}).")
  long records;

  @Option(
      names = "--partitions",
      paramLabel = "P",
      defaultValue = "12",
      converter = Bounded.Count.class,
      description = "Partitions of every bench topic (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--threads",
      paramLabel = "N[,N...]",
      split = ",",
      converter = Bounded.Count.class,
      description = "Thread counts for A, B1 and C (default 1 up to the number of cores).")
  List<Integer> threads;

  @Option(
      names = "--runs",
      paramLabel = "RUN[,RUN...]",
      split = ",",
      description = "Which runs: P, B1, B2, A, C, L (default all).")
  List<String> runs;

  @Option(
      names = "--repeat",
      paramLabel = "K",
      defaultValue = "1",
      converter = Bounded.Count.class,
      description =
          "Run K times each of P, B1, B2, A and C and keep the fastest (default"
              + " ${DEFAULT-VALUE}): other load on a shared machine only ever slows a run down.")
  int repeat;

  @Option(
      names = "--guarantees",
      paramLabel = "G[,G...]",
      split = ",",
      description = "Guarantees for B1, B2, A and L (default at_least_once,exactly_once_v2).")
  List<String> guarantees;

  @Option(
      names = "--work-micros",
      paramLabel = "US",
      defaultValue = "50",
      description =
          "C: computation per record, microseconds of one core (default ${DEFAULT-VALUE}).")
  double workMicros;

  @Option(
      names = "--latency-seconds",
      paramLabel = "S",
      defaultValue = "30",
      converter = Bounded.Count.class,
      description = "L: how long to offer load (default ${DEFAULT-VALUE}).")
  int latencySeconds;

  @Option(
      names = "--latency-rate",
      paramLabel = "R",
      converter = Bounded.Rate.class,
      description = "L: offered records per second (default: half of A's throughput).")
  Double latencyRate;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "1",
      description = "Seed of the generated scientists (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--warmup",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Warm up first: drain the input, unmeasured, with each client and guarantee to be"
              + " measured, in rounds until the JIT compiler is quiet (default: on).")
  boolean warmup;

  @Option(
      names = "--warmup-rounds",
      paramLabel = "N",
      defaultValue = "5",
      converter = Bounded.Count.class,
      description =
          "At most N warm-up rounds, quiet or not (default ${DEFAULT-VALUE}; small runs may"
              + " never quiet the JIT).")
  int warmupRounds;

  @Mixin ProgressOption progress;

  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      defaultValue = "bench-results",
      description = "Where the JSON results and the PNG chart go (default ${DEFAULT-VALUE}).")
  Path outputDir;

  /** The plan these options give; a ParameterException names the first option that is off. */
  BenchPlan plan(CommandLine commandLine) {
    // The output check reads the generated names' 9 digits: no more records than that.
    if (records < 1 || records > 999_999_999) {
      throw new ParameterException(
          commandLine, "--records: '" + records + "' is not a whole number from 1 to 999999999");
    }
    if (!(workMicros >= 0) || Double.isInfinite(workMicros)) {
      throw new ParameterException(
          commandLine, "--work-micros: '" + workMicros + "' is not a number of 0 or more");
    }
    int cores = Runtime.getRuntime().availableProcessors();
    List<Integer> threadList =
        threads != null ? threads : IntStream.rangeClosed(1, cores).boxed().toList();
    if (threadList.isEmpty()) {
      throw new ParameterException(commandLine, "--threads must be whole numbers >= 1");
    }
    List<String> runNames = Stream.of(RunKind.values()).map(RunKind::name).toList();
    Set<RunKind> runSet = new LinkedHashSet<>();
    for (String r : runs != null ? runs : runNames) {
      String name = r.strip().toUpperCase(Locale.ROOT);
      if (!runNames.contains(name)) {
        throw new ParameterException(commandLine, "--runs: '" + r + "' is not one of " + runNames);
      }
      runSet.add(RunKind.valueOf(name));
    }
    List<String> all = List.of(StreamsConfig.AT_LEAST_ONCE, StreamsConfig.EXACTLY_ONCE_V2);
    List<String> guaranteeList = guarantees != null ? guarantees : all;
    if (guaranteeList.isEmpty() || !all.containsAll(guaranteeList)) {
      throw new ParameterException(commandLine, "--guarantees: one or both of " + all);
    }
    // L's default rate is half of A's: without A, say so now, not after every other run.
    if (runSet.contains(RunKind.L) && !runSet.contains(RunKind.A) && latencyRate == null) {
      throw new ParameterException(
          commandLine, "--runs has L without A: give L its rate with --latency-rate");
    }
    return new BenchPlan(
        records,
        partitions,
        new ArrayList<>(new LinkedHashSet<>(threadList)),
        List.copyOf(new LinkedHashSet<>(guaranteeList)),
        runSet,
        repeat,
        workMicros,
        latencySeconds,
        latencyRate,
        seed,
        warmup ? warmupRounds : 0,
        progress.shown(),
        outputDir);
  }
}
