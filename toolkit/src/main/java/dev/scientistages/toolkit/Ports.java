package dev.scientistages.toolkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports on 127.0.0.1 for a broker: one that is free now, or one that stays safe to bind again when
 * the broker is stopped and started again on the same port.
 *
 * <p>A port from {@code bind(0)} lies in the range the system hands out to outgoing connections.
 * While the broker is down, its clients keep reconnecting, each from such a port, and one of them
 * may take the broker's own port (Linux even lets a connection to a closed local port connect to
 * itself), so the broker cannot bind it again. A port below that range is never handed out that
 * way.
 */
public final class Ports {
  private static final int LOWEST = 10_000;

  private Ports() {}

  /** A free port on 127.0.0.1 below the system's ephemeral range (any free port if none is). */
  public static int freeOutsideEphemeralRange() {
    int below = ephemeralLow();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int attempt = 0; below > LOWEST + 100 && attempt < 100; attempt++) {
      int port = random.nextInt(LOWEST, below);
      if (isFree(port)) {
        return port;
      }
    }
    return bind(0);
  }

  /** {@code port} if it is free on 127.0.0.1; else the error says so, naming the setting. */
  static int requireFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(BrokerProperties.HOST), port));
      return port;
    } catch (BindException e) {
      throw new UncheckedIOException(
          "Cannot start the embedded Kafka broker: "
              + BrokerProperties.HOST
              + ":"
              + port
              + " is already in use (set another port with --embedded-port, or 0 for any free"
              + " port)",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start the embedded Kafka broker: cannot check whether "
              + BrokerProperties.HOST
              + ":"
              + port
              + " is free: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Returns a port that was free a moment ago. Another process may take it before Kafka binds it;
   * that small race is accepted (Kafka then fails to start with a clear error).
   */
  static int any() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(BrokerProperties.HOST), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start the embedded Kafka broker: no free port on "
              + BrokerProperties.HOST
              + ": "
              + e,
          e);
    }
  }

  private static int ephemeralLow() {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    try {
      if (Files.isReadable(range)) {
        // Read as lines: a /proc file reports a size of 0, which readString takes at its word.
        return Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);
      }
    } catch (IOException | RuntimeException e) {
      // fall through to the IANA default
    }
    return 49_152;
  }

  private static boolean isFree(int port) {
    try {
      bind(port);
      return true;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  private static int bind(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
