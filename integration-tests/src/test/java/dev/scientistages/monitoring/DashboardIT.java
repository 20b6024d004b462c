package dev.scientistages.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.scientistages.io.LineProducer;
import dev.scientistages.runtime.OpsServer;
import dev.scientistages.support.AppProcess;
import dev.scientistages.support.Await;
import dev.scientistages.support.LocalHttp;
import dev.scientistages.support.PrometheusServer;
import dev.scientistages.support.RepositoryFiles;
import dev.scientistages.toolkit.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard against a real Prometheus: Debian's {@code prometheus}, configured from the
 * compose profile's own file, scrapes a processor (the product's jar) on a real broker while it
 * maps good records and dead-letters bad ones; then every query of every panel is evaluated through
 * Prometheus' HTTP API and must be valid and return data, and the figures must be the run's.
 *
 * <p>With {@code -Ddashboard.png=FILE} it also draws the panels of the run into FILE (the picture
 * in docs/dashboard.md), after {@code -Ddashboard.seconds} (default 0) more of steady traffic.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
public class DashboardIT {
  public static final Path DASHBOARD =
      RepositoryFiles.path("deploy/grafana/dashboards/scientist-ages.json");
  static final Path PROMETHEUS_CONFIG = RepositoryFiles.path("deploy/prometheus/prometheus.yml");
  static final String JOB = "scientist-ages";

  /** Grafana's variables, as Grafana would fill them for this run (1 s scrapes, all instances). */
  static final Map<String, String> VARIABLES = Map.of("$__rate_interval", "15s", "$instance", ".*");

  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path dir;

  @Test
  void shouldAnswerEveryPanelsQueryFromARealScrapeOfTheProcessor() throws Exception {
    PrometheusServer.requireInstalled();
    List<Panel> panels = Panel.all(new ObjectMapper().readTree(DASHBOARD.toFile()));
    assertThat(panels).as("panels with queries in %s", DASHBOARD).hasSizeGreaterThan(5);

    try (EmbeddedKafka broker = EmbeddedKafka.start(0, null);
        AppProcess processor =
            AppProcess.start(
                dir,
                "processor",
                Map.of(),
                "run",
                "-b",
                broker.bootstrapServers(),
                "--reference-year",
                "2017",
                "--threads",
                "2",
                "-s",
                "ages.http.port=0",
                "-s",
                "state.dir=" + dir.resolve("state"))) {
      int port = LocalHttp.awaitReady(processor, WAIT);
      Instant started = Instant.now();
      try (PrometheusServer prometheus =
              PrometheusServer.start(scrapeConfig(dir, "127.0.0.1:" + port), dir);
          Trickle trickle = Trickle.start(broker.bootstrapServers())) {
        Await.until(
            "Prometheus to scrape the processor",
            WAIT,
            () -> prometheus.scalar("up{job=\"" + JOB + "\"}") == 1.0);
        // An invalid query never heals: fail on it at once.
        List<String> invalid = new ArrayList<>();
        panels.forEach(p -> invalid.addAll(p.failures(prometheus, false)));
        assertThat(invalid).as("panel queries Prometheus rejects").isEmpty();
        // Lag and latency series exist once partitions and tasks are assigned and Micrometer has
        // picked their metrics up; bad records of each kind must have been counted too.
        List<String> failures = new ArrayList<>();
        try {
          Await.until(
              "every panel's query to return data, and dead letters of each reason sent",
              WAIT,
              () -> {
                failures.clear();
                panels.forEach(p -> failures.addAll(p.failures(prometheus, true)));
                return failures.isEmpty()
                    && prometheus.scalar(
                            "sum(scientist_ages_records_dead_lettered_total{reason=\"MISSING_BORN\"})")
                        > 0;
              });
        } catch (AssertionError e) {
          assertThat(failures).as("panel queries that failed or returned nothing").isEmpty();
          throw e;
        }

        Panel deadLetters = Panel.titled(panels, "Dead letters by reason");
        Map<String, Double> byReason = new TreeMap<>();
        JsonNode answer = prometheus.query(deadLetters.queries().get(0));
        answer
            .path("data")
            .path("result")
            .forEach(
                r ->
                    byReason.put(
                        r.path("metric").path("reason").asText(),
                        r.path("value").get(1).asDouble()));
        assertThat(byReason)
            .as("dead-letter rate by reason while bad records flow")
            .hasEntrySatisfying("MALFORMED_JSON", v -> assertThat(v).isPositive())
            .hasEntrySatisfying("MISSING_BORN", v -> assertThat(v).isPositive())
            .hasEntrySatisfying("BORN_AFTER_REFERENCE_YEAR", v -> assertThat(v).isPositive());

        Panel lag = Panel.titled(panels, "Consumer lag per partition");
        assertThat(PrometheusServer.labels(prometheus.query(lag.queries().get(0))))
            .as("a lag series for each of the input's 12 partitions")
            .extracting(l -> l.get("topic") + "-" + l.get("partition"))
            .containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 12).mapToObj(i -> "scientists-" + i).toList());

        Panel threads = Panel.titled(panels, "Stream thread states");
        JsonNode states = prometheus.query(threads.queries().get(0)).path("data").path("result");
        assertThat(states).as("two stream threads").hasSize(2);
        states.forEach(
            s -> assertThat(s.path("value").get(1).asText()).as("RUNNING's number").isEqualTo("4"));

        long extra = Long.getLong("dashboard.seconds", 0);
        if (extra > 0) {
          // For the picture only: steady traffic, a burst that builds lag and drains, steady again.
          Thread.sleep(Duration.ofSeconds(extra / 3).toMillis());
          trickle.burst(200_000);
          Thread.sleep(Duration.ofSeconds(extra - extra / 3).toMillis());
        }

        // The conservation figure: once the input is idle, everything read is accounted for, and
        // Prometheus holds the very counts that were sent.
        trickle.stop();
        Await.until(
            "Prometheus to see every record sent accounted for",
            WAIT,
            () ->
                prometheus.scalar("sum(scientist_ages_records_read_total)") == trickle.sent()
                    && prometheus.scalar("sum(scientist_ages_records_unaccounted)") == 0.0);
        assertThat(prometheus.scalar("sum(scientist_ages_records_dead_lettered_total)"))
            .isEqualTo((double) trickle.badSent());
        assertThat(prometheus.scalar("sum(scientist_ages_records_mapped_total)"))
            .isEqualTo((double) (trickle.sent() - trickle.badSent()));

        String png = System.getProperty("dashboard.png");
        if (png != null) {
          DashboardPicture.draw(panels, prometheus, started, Instant.now(), Path.of(png));
        }
      }
    }
  }

  /**
   * The compose profile's Prometheus configuration with its one job aimed at {@code target} instead
   * of the compose DNS name, and scraping every second so that the test is quick.
   */
  static Path scrapeConfig(Path dir, String target) throws Exception {
    YAMLMapper yaml = new YAMLMapper();
    ObjectNode config = (ObjectNode) yaml.readTree(PROMETHEUS_CONFIG.toFile());
    JsonNode jobs = config.path("scrape_configs");
    assertThat(jobs).as("scrape_configs of %s", PROMETHEUS_CONFIG).hasSize(1);
    ObjectNode job = (ObjectNode) jobs.get(0);
    assertThat(job.path("job_name").asText()).isEqualTo(JOB);
    assertThat(job.path("metrics_path").asText(OpsServer.METRICS_PATH))
        .as("the job's metrics_path")
        .isEqualTo(OpsServer.METRICS_PATH);
    assertThat(job.has("dns_sd_configs"))
        .as("the job finds the processors by DNS (every replica)")
        .isTrue();
    job.remove("dns_sd_configs");
    ArrayNode statics = job.putArray("static_configs");
    statics.addObject().putArray("targets").add(target);
    ((ObjectNode) config.path("global")).put("scrape_interval", "1s");
    Path file = dir.resolve("prometheus.yml");
    yaml.writeValue(file.toFile(), config);
    return file;
  }

  /**
   * Good and bad records, a few at a time, until closed: the processor's counters move while
   * Prometheus scrapes. One record in ten is bad, of three kinds in turn.
   */
  static final class Trickle implements AutoCloseable {
    private static final List<String> BAD =
        List.of(
            "this is not JSON",
            "{\"name\": \"No Born\"}",
            "{\"name\": \"Time Traveller\", \"born\": 2999}");

    private final LineProducer producer;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong badSent = new AtomicLong();

    private Trickle(LineProducer producer) {
      this.producer = producer;
      this.thread = new Thread(this::loop, "dashboard-trickle");
    }

    static Trickle start(String bootstrap) {
      Properties p = new Properties();
      p.put("bootstrap.servers", bootstrap);
      p.put("linger.ms", "5");
      Trickle t = new Trickle(new LineProducer(p, "scientists"));
      t.thread.start();
      return t;
    }

    private void loop() {
      long n = 0;
      while (running.get()) {
        for (int i = 0; i < 20; i++, n++) {
          if (n % 10 == 9) {
            producer.send(BAD.get((int) (n / 10 % BAD.size())));
            badSent.incrementAndGet();
          } else {
            producer.send(
                "{\"name\": \"Scientist " + n + "\", \"born\": " + (1800 + n % 200) + "}");
          }
          sent.incrementAndGet();
        }
        producer.flush();
        try {
          Thread.sleep(100); // a steady trickle, about 200 records/s
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /** Sends {@code n} good records at once, beside the trickle. */
    void burst(int n) {
      for (int i = 0; i < n; i++) {
        producer.send("{\"name\": \"Burst " + i + "\", \"born\": " + (1800 + i % 200) + "}");
        sent.incrementAndGet();
      }
      producer.flush();
    }

    long sent() {
      return sent.get();
    }

    long badSent() {
      return badSent.get();
    }

    @Override
    public void close() {
      stop();
    }

    /** Stops sending and checks that every record sent was acknowledged. */
    void stop() {
      if (running.compareAndSet(true, false)) {
        try {
          thread.join(30_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        producer.close();
        assertThat(producer.failure()).as("the trickle's first failed send").isNull();
        assertThat(producer.acknowledged()).isEqualTo(sent.get());
      }
    }
  }

  /**
   * A dashboard panel with queries, and what Grafana would send for each (ComposeIT asks the
   * compose file's Prometheus the same queries).
   */
  public record Panel(String title, String unit, List<String> queries, List<String> legends) {
    public static List<Panel> all(JsonNode dashboard) {
      List<Panel> panels = new ArrayList<>();
      collect(dashboard.path("panels"), panels);
      return panels;
    }

    private static void collect(JsonNode nodes, List<Panel> out) {
      for (JsonNode p : nodes) {
        collect(p.path("panels"), out);
        if (p.path("targets").isEmpty()) {
          continue;
        }
        List<String> queries = new ArrayList<>();
        List<String> legends = new ArrayList<>();
        for (JsonNode t : p.path("targets")) {
          queries.add(substituted(t.path("expr").asText()));
          legends.add(t.path("legendFormat").asText(""));
        }
        out.add(
            new Panel(
                p.path("title").asText(),
                p.path("fieldConfig").path("defaults").path("unit").asText(""),
                queries,
                legends));
      }
    }

    static String substituted(String expr) {
      String out = expr;
      for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
        out = out.replace(v.getKey(), v.getValue());
      }
      assertThat(out)
          .as("a Grafana variable this test does not fill, in %s", expr)
          .doesNotContain("$");
      return out;
    }

    static Panel titled(List<Panel> panels, String title) {
      return panels.stream()
          .filter(p -> p.title().equals(title))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no panel titled '" + title + "'"));
    }

    /** What is wrong with this panel's queries now: an error, or (if asked) no series. */
    List<String> failures(PrometheusServer prometheus, boolean needData) {
      return failures(prometheus::query, needData);
    }

    /** As above, with {@code query} answering as Prometheus' query API does. */
    public List<String> failures(Function<String, JsonNode> query, boolean needData) {
      List<String> failures = new ArrayList<>();
      for (String q : queries) {
        JsonNode answer = query.apply(q);
        if (!"success".equals(answer.path("status").asText())) {
          failures.add(title + ": " + q + " -> " + answer.path("error").asText(answer.toString()));
        } else if (needData && answer.path("data").path("result").isEmpty()) {
          failures.add(title + ": " + q + " -> no data");
        }
      }
      return failures;
    }
  }
}
