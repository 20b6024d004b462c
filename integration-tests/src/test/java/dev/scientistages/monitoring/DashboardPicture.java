package dev.scientistages.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scientistages.support.PrometheusServer;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The dashboard's panels drawn from a real run's data, as Prometheus answers their queries over the
 * run: a picture for the docs where no Grafana runs. Each panel is a time series of its queries,
 * legends filled as Grafana fills them ({@code {{label}}}).
 */
final class DashboardPicture {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 300;
  private static final int COLUMNS = 2;
  private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");

  private DashboardPicture() {}

  static void draw(
      List<DashboardIT.Panel> panels,
      PrometheusServer prometheus,
      Instant start,
      Instant end,
      Path png)
      throws IOException {
    Duration step = Duration.ofSeconds(2);
    List<BufferedImage> charts = new ArrayList<>();
    for (DashboardIT.Panel panel : panels) {
      XYChart chart =
          new XYChartBuilder()
              .width(WIDTH)
              .height(HEIGHT)
              .title(panel.title())
              .xAxisTitle("seconds")
              .yAxisTitle(panel.unit())
              .build();
      chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
      chart.getStyler().setChartBackgroundColor(Color.WHITE);
      chart.getStyler().setLegendVisible(true);
      chart.getStyler().setMarkerSize(0);
      int series = 0;
      for (int i = 0; i < panel.queries().size(); i++) {
        JsonNode result =
            prometheus
                .queryRange(panel.queries().get(i), start, end, step)
                .path("data")
                .path("result");
        for (JsonNode r : result) {
          List<Double> xs = new ArrayList<>();
          List<Double> ys = new ArrayList<>();
          for (JsonNode v : r.path("values")) {
            double y = Double.parseDouble(v.get(1).asText());
            if (Double.isFinite(y)) {
              xs.add(v.get(0).asDouble() - start.getEpochSecond());
              ys.add(y);
            }
          }
          if (xs.isEmpty() || series >= 12) {
            continue;
          }
          String name = legend(panel.legends().get(i), r.path("metric"));
          while (chart.getSeriesMap().containsKey(name)) {
            name = name + "'";
          }
          chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.NONE);
          series++;
        }
      }
      if (series == 0) {
        chart.addSeries("no data", new double[] {0}, new double[] {0});
      }
      charts.add(BitmapEncoder.getBufferedImage(chart));
    }
    int rows = (charts.size() + COLUMNS - 1) / COLUMNS;
    int titleHeight = 40;
    BufferedImage sheet =
        new BufferedImage(WIDTH * COLUMNS, titleHeight + HEIGHT * rows, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString(
        "scientist-ages dashboard: "
            + Duration.between(start, end).toSeconds()
            + " s of a real run, as Prometheus answers each panel's queries",
        12,
        26);
    for (int i = 0; i < charts.size(); i++) {
      g.drawImage(charts.get(i), (i % COLUMNS) * WIDTH, titleHeight + (i / COLUMNS) * HEIGHT, null);
    }
    g.dispose();
    Files.createDirectories(png.toAbsolutePath().getParent());
    ImageIO.write(sheet, "png", png.toFile());
  }

  /** Grafana's legend format with each {@code {{label}}} replaced by the series' label. */
  private static String legend(String format, JsonNode metric) {
    if (format.isEmpty()) {
      return metric.toString();
    }
    Matcher m = LEGEND_LABEL.matcher(format);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = metric.path(m.group(1)).asText("");
      // Long client and thread ids: their tail is what tells them apart.
      if (value.length() > 24) {
        value = "…" + value.substring(value.length() - 22);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
