package dev.scientistages.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

/**
 * Debian's {@code prometheus} as a child process on a loopback port, with a test's configuration,
 * and its HTTP query API.
 */
public final class PrometheusServer implements AutoCloseable {
  /** Where Debian's package installs the server. */
  public static final Path BINARY = Path.of("/usr/bin/prometheus");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final int port;
  private final Path log;

  private PrometheusServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Skips the calling test where Prometheus is missing, and fails it in CI, which installs it. */
  public static void requireInstalled() {
    OutsideTools.require(Files.isExecutable(BINARY), "prometheus", "prometheus");
  }

  /** Starts Prometheus with this configuration file, its data under {@code dir}; waits for it. */
  public static PrometheusServer start(Path config, Path dir) throws IOException {
    int port = freePort();
    Path log = dir.resolve("prometheus.log");
    Process process =
        new ProcessBuilder(
                BINARY.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer server = new PrometheusServer(process, port, log);
    try {
      Await.until(
          "Prometheus to be ready on port " + port,
          Duration.ofSeconds(60),
          () -> {
            if (!process.isAlive()) {
              throw new AssertionError("Prometheus ended; its log:\n" + server.log());
            }
            try {
              return server.get("/-/ready").statusCode() == 200;
            } catch (IOException e) {
              return false;
            }
          });
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  /**
   * Evaluates {@code query} now: the API's whole answer ({@code status}, {@code data.result},
   * {@code error}), whether it succeeded or not.
   */
  public JsonNode query(String query) {
    return api("/api/v1/query?query=" + encode(query));
  }

  /** Evaluates {@code query} over a time range, one point per {@code step}. */
  public JsonNode queryRange(String query, Instant start, Instant end, Duration step) {
    return api(
        "/api/v1/query_range?query="
            + encode(query)
            + "&start="
            + start.getEpochSecond()
            + "&end="
            + end.getEpochSecond()
            + "&step="
            + step.toSeconds());
  }

  /** The value of a query that gives one series, or NaN when it gives none. */
  public double scalar(String query) {
    JsonNode result = query(query).path("data").path("result");
    return result.size() == 1
        ? Double.parseDouble(result.get(0).path("value").get(1).asText())
        : Double.NaN;
  }

  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  private JsonNode api(String pathAndQuery) {
    try {
      HttpResponse<String> response = get(pathAndQuery);
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("Prometheus did not answer " + pathAndQuery + ": " + e, e);
    }
  }

  private HttpResponse<String> get(String pathAndQuery) throws IOException {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The labels of each series of a query's answer. */
  public static List<Map<String, String>> labels(JsonNode answer) {
    return StreamSupport.stream(answer.path("data").path("result").spliterator(), false)
        .map(
            r -> {
              Map<String, String> labels = new TreeMap<>();
              r.path("metric")
                  .properties()
                  .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
              return labels;
            })
        .toList();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** A port that was free a moment ago; the server is started once, never again on it. */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    }
  }
}
