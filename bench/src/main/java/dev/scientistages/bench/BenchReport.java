package dev.scientistages.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scientistages.serde.JsonSerde;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The results of one benchmark: printed as a table, written as JSON. */
public final class BenchReport {
  private final List<BenchResult> results;
  private final List<Ratios.Ratio> ratios;
  private final Map<String, Object> context;

  /**
   * @param context what the figures depend on: machine, command line, settings
   */
  public BenchReport(List<BenchResult> results, Map<String, Object> context) {
    this.results = List.copyOf(results);
    this.ratios = Ratios.of(results);
    this.context = new LinkedHashMap<>(context);
  }

  public List<BenchResult> results() {
    return results;
  }

  /** True when every run finished and lost nothing. */
  public boolean ok() {
    return results.stream().allMatch(BenchResult::ok);
  }

  public void printTable(PrintWriter out) {
    out.printf(
        "%-13s %11s %8s %10s %12s %6s  %s%n",
        "run", "records/s", "MB/s", "CPU s/M", "client s/M", "JIT s", "output (read_committed)");
    for (BenchResult r : results) {
      out.printf(
          "%-13s %11.0f %8.2f %10.2f %12.2f %6.2f  %s%n",
          r.label(),
          r.recordsPerSecond(),
          r.megabytesPerSecond(),
          r.cpuSecondsPerMillion(),
          r.clientCpuSecondsPerMillion(),
          r.jitSeconds(),
          outputNote(r));
    }
    if (!ratios.isEmpty()) {
      out.println();
      for (Ratios.Ratio ratio : ratios) {
        out.printf("%-26s %5.2f%n", ratio.name(), ratio.value());
      }
    }
    boolean header = true;
    for (BenchResult r : results) {
      if (r.latency() == null) {
        continue;
      }
      if (header) {
        out.println();
        out.printf(
            "%-13s %10s %8s %8s %8s %8s %9s%n",
            "latency", "offered/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "measured");
        header = false;
      }
      BenchResult.Latency l = r.latency();
      out.printf(
          "%-13s %10.0f %8.0f %8.0f %8.0f %8.0f %9d%n",
          r.label(), l.offeredRate(), l.p50(), l.p99(), l.p999(), l.max(), l.measured());
    }
    out.flush();
  }

  private static String outputNote(BenchResult r) {
    String note =
        r.whole()
            ? r.distinct() + " of " + r.records()
            : "LOST " + (r.records() - r.distinct()) + " of " + r.records();
    if (r.outputs() > r.distinct()) {
      note += ", " + (r.outputs() - r.distinct()) + " duplicate(s)";
    }
    if (r.failure() != null) {
      note += "; FAILED: " + r.failure();
    }
    return note;
  }

  /** Writes {@code context}, the results and the ratios as one JSON document. */
  public void writeJson(Path file) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>(context);
    doc.put("results", results);
    Map<String, Double> ratioMap = new LinkedHashMap<>();
    ratios.forEach(r -> ratioMap.put(r.name(), Math.round(r.value() * 1000) / 1000.0));
    doc.put("ratios", ratioMap);
    Files.createDirectories(file.toAbsolutePath().getParent());
    JsonSerde.MAPPER
        .writer()
        .with(SerializationFeature.INDENT_OUTPUT)
        .writeValue(file.toFile(), doc);
  }
}
