package dev.scientistages.toolkit;

import dev.scientistages.cluster.LocalBroker;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Offers {@link EmbeddedKafka} to {@code run} and the other verbs when no cluster is configured.
 */
public final class EmbeddedKafkaFactory implements LocalBroker.Factory {
  @Override
  public LocalBroker start(int port, Optional<Path> dataDir) {
    return EmbeddedKafka.start(port, dataDir.orElse(null));
  }
}
