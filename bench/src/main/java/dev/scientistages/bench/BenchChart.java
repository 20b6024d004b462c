package dev.scientistages.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * The benchmark's picture, one PNG: throughput against threads for A, B1 and C (and B2's point),
 * and the latency percentiles of L for each guarantee.
 */
public final class BenchChart {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 420;

  private BenchChart() {}

  public static void write(List<BenchResult> results, Path png, String title) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Chart<?, ?>> charts = new ArrayList<>();
    charts.add(throughput(results, title));
    boolean hasLatency = results.stream().anyMatch(r -> r.latency() != null);
    if (hasLatency) {
      charts.add(latency(results));
    }
    Files.createDirectories(png.toAbsolutePath().getParent());
    BitmapEncoder.saveBitmap(
        charts, 1, charts.size(), png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static XYChart throughput(List<BenchResult> results, String title) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("threads")
            .yAxisTitle("records/s")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setYAxisMin(0.0);
    Map<String, List<BenchResult>> series = new LinkedHashMap<>();
    for (BenchResult r : results) {
      if (r.latency() == null) {
        series
            .computeIfAbsent(
                r.run() + " " + BenchResult.shortGuarantee(r.guarantee()), k -> new ArrayList<>())
            .add(r);
      }
    }
    series.forEach(
        (name, points) ->
            chart.addSeries(
                name,
                points.stream().map(BenchResult::threads).toList(),
                points.stream().map(BenchResult::recordsPerSecond).toList()));
    return chart;
  }

  private static CategoryChart latency(List<BenchResult> results) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("L: end-to-end latency at a fixed rate")
            .xAxisTitle("percentile")
            .yAxisTitle("ms")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    List<String> percentiles = List.of("p50", "p99", "p99.9", "max");
    for (BenchResult r : results) {
      BenchResult.Latency l = r.latency();
      if (l != null) {
        chart.addSeries(
            BenchResult.shortGuarantee(r.guarantee()) + " @" + Math.round(l.offeredRate()) + "/s",
            percentiles,
            List.of(
                Math.max(1, l.p50()),
                Math.max(1, l.p99()),
                Math.max(1, l.p999()),
                Math.max(1, l.max())));
      }
    }
    return chart;
  }
}
