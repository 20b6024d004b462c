package dev.scientistages.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ratios the benchmark is judged by, from one run's results: A/B1 and B2/B1 (how close the
 * application comes to the broker's limit), A/P (to the limit of one producer alone), A/B2 in
 * throughput and in client CPU per record (what the application's own work costs on top of Kafka
 * Streams'), exactly-once/at-least-once, and T(n)/T(1) for A and C (how throughput grows with
 * threads).
 */
final class Ratios {
  /** One ratio: its name (e.g. {@code A/B1 alos t2}) and value. */
  record Ratio(String name, double value) {}

  private Ratios() {}

  static List<Ratio> of(List<BenchResult> results) {
    List<Ratio> out = new ArrayList<>();
    for (BenchResult a : results) {
      String g = BenchResult.shortGuarantee(a.guarantee());
      switch (a.run()) {
        case A -> {
          find(results, RunKind.B1, a.guarantee(), a.threads())
              .ifPresent(b1 -> out.add(ratio("A/B1 " + g + " t" + a.threads(), a, b1)));
          find(results, RunKind.P, "at_least_once", 1)
              .ifPresent(p -> out.add(ratio("A/P " + g + " t" + a.threads(), a, p)));
          find(results, RunKind.B2, a.guarantee(), a.threads())
              .ifPresent(
                  b2 -> {
                    out.add(ratio("A/B2 " + g + " t" + a.threads(), a, b2));
                    if (b2.clientCpuSecondsPerMillion() > 0) {
                      out.add(
                          new Ratio(
                              "A/B2 client CPU " + g + " t" + a.threads(),
                              a.clientCpuSecondsPerMillion() / b2.clientCpuSecondsPerMillion()));
                    }
                  });
          if (g.equals("eos")) {
            find(results, RunKind.A, "at_least_once", a.threads())
                .ifPresent(alos -> out.add(ratio("A eos/alos t" + a.threads(), a, alos)));
          }
          scaling(results, a).ifPresent(out::add);
        }
        case B2 ->
            find(results, RunKind.B1, a.guarantee(), a.threads())
                .ifPresent(b1 -> out.add(ratio("B2/B1 " + g + " t" + a.threads(), a, b1)));
        case B1 -> {
          if (g.equals("eos")) {
            find(results, RunKind.B1, "at_least_once", a.threads())
                .ifPresent(alos -> out.add(ratio("B1 eos/alos t" + a.threads(), a, alos)));
          }
        }
        case C -> scaling(results, a).ifPresent(out::add);
        default -> {
          // L has no throughput ratio.
        }
      }
    }
    return out;
  }

  private static Optional<Ratio> scaling(List<BenchResult> results, BenchResult r) {
    if (r.threads() == 1) {
      return Optional.empty();
    }
    return find(results, r.run(), r.guarantee(), 1)
        .map(
            one ->
                ratio(
                    r.run()
                        + " T("
                        + r.threads()
                        + ")/T(1) "
                        + BenchResult.shortGuarantee(r.guarantee()),
                    r,
                    one));
  }

  private static Ratio ratio(String name, BenchResult top, BenchResult bottom) {
    return new Ratio(name, top.recordsPerSecond() / bottom.recordsPerSecond());
  }

  private static Optional<BenchResult> find(
      List<BenchResult> results, RunKind run, String guarantee, int threads) {
    return results.stream()
        .filter(r -> r.run() == run && r.guarantee().equals(guarantee) && r.threads() == threads)
        .findFirst();
  }
}
