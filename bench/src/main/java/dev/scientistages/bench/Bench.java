package dev.scientistages.bench;

import dev.scientistages.config.Settings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The benchmark: preloads the input, warms up, then runs B1, B2, A, C and L one after another on
 * the same cluster, each into a fresh output topic, and checks every run's output.
 */
public final class Bench {
  private static final double QUIET_JIT_SHARE = 0.1;

  private final BenchPlan plan;
  private final Settings settings;
  private final String bootstrap;
  private final BenchLog log;
  private RunContext ctx;
  private BenchInput input;
  private ProducerRun producer;
  private DrainRun drains;
  private LatencyRun latency;

  public Bench(BenchPlan plan, Settings settings, String bootstrap, PrintWriter err) {
    this.plan = plan;
    this.settings = settings;
    this.bootstrap = bootstrap;
    this.log = new BenchLog(err);
  }

  /** Runs the plan; the results in the order they ran. */
  public List<BenchResult> run() {
    List<BenchResult> results = new ArrayList<>();
    try (RunContext c = RunContext.open(plan, settings, bootstrap, log)) {
      ctx = c;
      input = BenchInput.preload(ctx);
      producer = new ProducerRun(ctx);
      drains = new DrainRun(ctx, input);
      latency = new LatencyRun(ctx, input);
      if (plan.warmupRounds() > 0) {
        warmUp();
      }
      if (plan.runs(RunKind.P)) {
        results.add(best(RunKind.P, StreamsConfig.AT_LEAST_ONCE, 1));
        producer.free();
      }
      for (String g : plan.guarantees()) {
        for (int threads : plan.threads()) {
          if (plan.runs(RunKind.B1)) {
            results.add(best(RunKind.B1, g, threads));
          }
          if (plan.runs(RunKind.A)) {
            results.add(best(RunKind.A, g, threads));
          }
        }
        if (plan.runs(RunKind.B2)) {
          results.add(best(RunKind.B2, g, plan.maxThreads()));
        }
      }
      if (plan.runs(RunKind.C)) {
        for (int threads : plan.threads()) {
          results.add(best(RunKind.C, StreamsConfig.AT_LEAST_ONCE, threads));
        }
      }
      if (plan.runs(RunKind.L)) {
        for (String g : plan.guarantees()) {
          results.add(latency.run(g, plan.maxThreads(), offeredRate(g, results)));
        }
      }
    }
    return results;
  }

  /**
   * Drains the input, unmeasured, with each client the plan measures (A for C and L too) under each
   * guarantee, in rounds (at most {@code --warmup-rounds}) until the JIT compiler is quiet:
   * compiling for at most {@value #QUIET_JIT_SHARE} of a round's time. Each new client runs
   * start-up code (joining, assigning, registering metrics) that the JIT compiles only once it is
   * hot; until then the compiler takes a core's share from every run, and from the runs with the
   * most code the most.
   */
  private void warmUp() {
    List<RunKind> clients =
        Stream.of(RunKind.B1, RunKind.B2, RunKind.A)
            .filter(
                r ->
                    plan.runs(r)
                        || (r == RunKind.A && (plan.runs(RunKind.C) || plan.runs(RunKind.L))))
            .toList();
    if (clients.isEmpty() && !plan.runs(RunKind.P)) {
      return;
    }
    for (int round = 1; round <= plan.warmupRounds(); round++) {
      log.note(
          "warm-up round %d (not measured): %s, %s, %d thread(s)",
          round,
          Stream.concat(Stream.of(RunKind.P).filter(plan::runs), clients.stream())
              .map(RunKind::name)
              .collect(Collectors.joining(", ")),
          String.join(", ", plan.guarantees()),
          plan.maxThreads());
      long jit0 = CpuClock.jitMillis();
      long t0 = System.nanoTime();
      if (plan.runs(RunKind.P)) {
        producer.run("-warm" + round);
      }
      for (String g : plan.guarantees()) {
        for (RunKind client : clients) {
          drains.run(client, g, plan.maxThreads(), "-warm" + round);
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double jit = (CpuClock.jitMillis() - jit0) / 1e3;
      log.note("warm-up round %d: the JIT compiled for %.1f s of %.1f s", round, jit, seconds);
      if (jit <= QUIET_JIT_SHARE * seconds) {
        return;
      }
    }
    log.note(
        "the JIT is still busy after %d warm-up round(s): the figures include it",
        plan.warmupRounds());
  }

  /**
   * The fastest of {@code --repeat} drains: on a shared machine a run is only ever slowed down by
   * others, never sped up. A drain that lost records or failed is returned at once.
   */
  private BenchResult best(RunKind run, String guarantee, int threads) {
    BenchResult best = null;
    for (int attempt = 1; attempt <= plan.repeat(); attempt++) {
      String suffix = plan.repeat() > 1 ? "-" + attempt : "";
      BenchResult r =
          run == RunKind.P ? producer.run(suffix) : drains.run(run, guarantee, threads, suffix);
      if (!r.ok()) {
        return r;
      }
      if (best == null || r.recordsPerSecond() > best.recordsPerSecond()) {
        best = r;
      }
    }
    return best;
  }

  private double offeredRate(String guarantee, List<BenchResult> results) {
    if (plan.latencyRate() != null) {
      return plan.latencyRate();
    }
    OptionalDouble a =
        results.stream()
            .filter(
                r ->
                    r.run() == RunKind.A
                        && r.guarantee().equals(guarantee)
                        && r.threads() == plan.maxThreads())
            .mapToDouble(BenchResult::recordsPerSecond)
            .findFirst();
    if (a.isEmpty()) {
      throw new IllegalArgumentException(
          "L needs --latency-rate when A is not run at " + plan.maxThreads() + " thread(s)");
    }
    return a.getAsDouble() / 2;
  }
}
