package dev.scientistages.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/** GET requests to the application's HTTP endpoint on this machine. */
public final class LocalHttp {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private LocalHttp() {}

  /**
   * Waits until the child prints its endpoint's address and {@code /ready} answers 200 (the streams
   * client is RUNNING); fails if the child ends first. Returns the endpoint's port.
   */
  public static int awaitReady(AppProcess child, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int port =
        Integer.parseInt(child.awaitOutput(Pattern.compile("http://[^/]+:(\\d+)/health"), timeout));
    Await.until(
        "RUNNING and ready",
        Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
        () -> {
          try {
            return get(port, "/ready").statusCode() == 200 || !child.isAlive();
          } catch (IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
          }
        });
    if (!child.isAlive()) {
      throw new AssertionError("The child ended before it was ready; its log:\n" + child.stderr());
    }
    return port;
  }

  public static HttpResponse<String> get(int port, String path)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
