package dev.scientistages.bench;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The warm-up: drains the input, unmeasured, with each client the plan measures (A for C and L too)
 * under each guarantee, in rounds (at most {@code --warmup-rounds}) until the JIT compiler is
 * quiet: compiling for at most {@value #QUIET_JIT_SHARE} of a round's time. Each new client runs
 * start-up code (joining, assigning, registering metrics) that the JIT compiles only once it is
 * hot; until then the compiler takes a core's share from every run, and from the runs with the most
 * code the most.
 */
final class WarmUp {
  private static final double QUIET_JIT_SHARE = 0.1;

  private final RunContext ctx;
  private final ProducerRun producer;
  private final DrainRun drains;

  WarmUp(RunContext ctx, ProducerRun producer, DrainRun drains) {
    this.ctx = ctx;
    this.producer = producer;
    this.drains = drains;
  }

  /** Runs the rounds; P's and the drains' result lines are logged, their results dropped. */
  void run() {
    BenchPlan plan = ctx.plan();
    BenchLog log = ctx.log();
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
}
