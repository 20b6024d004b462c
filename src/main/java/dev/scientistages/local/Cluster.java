package dev.scientistages.local;

import dev.scientistages.config.Settings;
import java.util.Optional;

/**
 * The Kafka cluster a verb works against: the configured one ({@code bootstrap.servers}), or, when
 * none is configured, an {@link EmbeddedKafka} broker that lives as long as this object.
 */
public final class Cluster implements AutoCloseable {
  private final String bootstrapServers;
  private final EmbeddedKafka embedded;

  private Cluster(String bootstrapServers, EmbeddedKafka embedded) {
    this.bootstrapServers = bootstrapServers;
    this.embedded = embedded;
  }

  /** Connects to the configured cluster, or starts the embedded broker when there is none. */
  public static Cluster open(Settings settings) {
    Optional<String> configured = settings.bootstrapServers();
    if (configured.isPresent()) {
      return new Cluster(configured.get(), null);
    }
    try {
      EmbeddedKafka broker =
          EmbeddedKafka.start(settings.embeddedPort(), settings.embeddedDataDir().orElse(null));
      return new Cluster(broker.bootstrapServers(), broker);
    } catch (RuntimeException e) {
      throw new EmbeddedKafkaException(e.getMessage(), e);
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The embedded broker, if this cluster is one. */
  public Optional<EmbeddedKafka> embedded() {
    return Optional.ofNullable(embedded);
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
