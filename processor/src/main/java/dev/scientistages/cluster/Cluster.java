package dev.scientistages.cluster;

import dev.scientistages.config.InvalidSettingException;
import dev.scientistages.config.Settings;
import java.util.Optional;
import java.util.ServiceLoader;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka cluster a verb works against: the configured one ({@code bootstrap.servers}), or, when
 * none is configured and the jar carries one, a {@link LocalBroker} that lives as long as this
 * object.
 */
public final class Cluster implements AutoCloseable {
  private final String bootstrapServers;
  private final LocalBroker local;

  private Cluster(String bootstrapServers, LocalBroker local) {
    this.bootstrapServers = bootstrapServers;
    this.local = local;
  }

  /**
   * Connects to the configured cluster, or starts a local broker when there is none.
   *
   * @throws InvalidSettingException when no cluster is configured and this jar has no local broker
   * @throws LocalBrokerException when the local broker cannot start
   */
  public static Cluster open(Settings settings) {
    Optional<String> configured = settings.bootstrapServers();
    if (configured.isPresent()) {
      return new Cluster(configured.get(), null);
    }
    LocalBroker.Factory factory =
        ServiceLoader.load(LocalBroker.Factory.class)
            .findFirst()
            .orElseThrow(
                () ->
                    new InvalidSettingException(
                        StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                        "not set. Give the cluster with -b HOST:PORT or KAFKA_BOOTSTRAP_SERVERS;"
                            + " this processor jar has no embedded broker (the local toolkit's"
                            + " scientist-ages.jar starts one)"));
    try {
      LocalBroker broker = factory.start(settings.embeddedPort(), settings.embeddedDataDir());
      return new Cluster(broker.bootstrapServers(), broker);
    } catch (RuntimeException e) {
      throw new LocalBrokerException(e.getMessage(), e);
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The local broker, if this cluster is one. */
  public Optional<LocalBroker> local() {
    return Optional.ofNullable(local);
  }

  @Override
  public void close() {
    if (local != null) {
      local.close();
    }
  }
}
