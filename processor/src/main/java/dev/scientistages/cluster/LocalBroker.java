package dev.scientistages.cluster;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A Kafka broker that this process starts for local use when no cluster is configured. The
 * processor has none of its own; the local toolkit's jar provides one ({@link Factory}, found with
 * {@link java.util.ServiceLoader}).
 */
public interface LocalBroker extends AutoCloseable {
  String bootstrapServers();

  @Override
  void close();

  /** Starts a {@link LocalBroker}; registered in {@code META-INF/services}. */
  interface Factory {
    /**
     * @param port the client port, 0 for any free one
     * @param dataDir where to keep the data; empty for a temporary directory removed on close
     */
    LocalBroker start(int port, Optional<Path> dataDir);
  }
}
