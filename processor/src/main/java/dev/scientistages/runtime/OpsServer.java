package dev.scientistages.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.scientistages.serde.JsonSerde;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint, on the JDK's built-in HTTP server:
 *
 * <ul>
 *   <li>{@code GET /health}: liveness; 200 while the process is doing its job or starting it, 503
 *       once the streams client has failed or stopped unexpectedly;
 *   <li>{@code GET /ready}: readiness; 200 only while RUNNING with the input topic present;
 *   <li>{@code GET /metrics}: Prometheus text format.
 * </ul>
 *
 * Health and readiness answer with JSON: {@code {"status": "UP", "state": "RUNNING"}}, or with a
 * {@code reason} when they do not pass.
 */
public final class OpsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

  /** Liveness, readiness and metrics paths: named once, for the probes of every deployment. */
  public static final String HEALTH_PATH = "/health";

  public static final String READY_PATH = "/ready";
  public static final String METRICS_PATH = "/metrics";

  private final HttpServer server;
  private final ExecutorService executor;

  private OpsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts the endpoint.
   *
   * @param host the address to listen on; the wildcard address listens on every interface
   * @param port 0 = any free port
   */
  public static OpsServer start(
      InetAddress host,
      int port,
      Supplier<Probe> liveness,
      Supplier<Probe> readiness,
      PrometheusMeterRegistry registry) {
    // The wildcard socket address, not 0.0.0.0 itself, so that every interface means IPv6 too.
    InetSocketAddress address =
        host.isAnyLocalAddress() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    String where = where(host, port);
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (BindException e) {
      throw new UncheckedIOException(
          "Cannot start the HTTP endpoint on "
              + where
              + ": "
              + e.getMessage()
              + " (a port in use: set ages.http.port to another port, 0 for any free one, or off;"
              + " an address not of this machine: set ages.http.host)",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the HTTP endpoint on " + where, e);
    }
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "scientist-ages-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(HEALTH_PATH, ex -> probe(ex, liveness.get(), "UP", "DOWN"));
    server.createContext(READY_PATH, ex -> probe(ex, readiness.get(), "READY", "NOT_READY"));
    server.createContext(
        METRICS_PATH,
        ex ->
            respond(
                ex,
                200,
                "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape().getBytes(StandardCharsets.UTF_8)));
    server.start();
    OpsServer ops = new OpsServer(server, executor);
    LOG.info("HTTP endpoint on {}: /health /ready /metrics", where(host, ops.port()));
    return ops;
  }

  private static String where(InetAddress host, int port) {
    return (host.isAnyLocalAddress() ? "every interface" : host.getHostAddress())
        + ", port "
        + port;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void probe(HttpExchange ex, Probe p, String up, String down) throws IOException {
    ObjectNode body = JsonSerde.MAPPER.createObjectNode();
    body.put("status", p.ok() ? up : down);
    body.put("state", p.state());
    if (p.reason() != null) {
      body.put("reason", p.reason());
    }
    respond(
        ex,
        p.ok() ? 200 : 503,
        "application/json",
        body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    try (ex) {
      if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      ex.getResponseHeaders().set("Content-Type", type);
      boolean head = "HEAD".equals(ex.getRequestMethod());
      ex.sendResponseHeaders(status, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
