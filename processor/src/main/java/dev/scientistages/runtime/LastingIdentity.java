package dev.scientistages.runtime;

import dev.scientistages.config.Settings;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What lets a killed and restarted instance end its own open transactions at once ({@value
 * Settings#STABLE_IDENTITY}, docs/decisions/0011-no-static-membership-by-default.md): one identity
 * that survives the restart, used in the stream threads' transactional ids, so that the dead
 * member's open transactions are aborted when the restarted one starts, not when they time out. The
 * identity is the user's {@code group.instance.id} when set (static membership, the user's choice),
 * otherwise an {@link InstanceIdentity} kept in the state directory, which the group never sees: a
 * static member fences itself when a rejoin overlaps a coordinator stall (KAFKA-20985).
 */
final class LastingIdentity implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LastingIdentity.class);

  private final Optional<String> id;
  private final Optional<InstanceIdentity> held;
  private final boolean exactlyOnce;
  private final String applicationId;

  private LastingIdentity(Optional<String> id, Optional<InstanceIdentity> held, Settings settings) {
    this.id = id;
    this.held = held;
    this.exactlyOnce = settings.exactlyOnce();
    this.applicationId = settings.applicationId();
  }

  /** Finds (or makes) the identity; the group membership in these properties stays as it is. */
  static LastingIdentity apply(Settings settings, Properties streamsProperties) {
    if (!settings.stableIdentity()) {
      return new LastingIdentity(Optional.empty(), Optional.empty(), settings);
    }
    Optional<String> given = givenInstanceId(streamsProperties);
    if (given.isPresent()) {
      LOG.info(
          "Instance id {} (group.instance.id): a static member; a restart takes its place at once",
          given.get());
      return new LastingIdentity(given, Optional.empty(), settings);
    }
    if (!settings.exactlyOnce()) {
      // Without transactions the identity would serve nothing: no file, no lock.
      return new LastingIdentity(Optional.empty(), Optional.empty(), settings);
    }
    Path dir =
        Path.of(
            new StreamsConfig(streamsProperties).getString(StreamsConfig.STATE_DIR_CONFIG),
            settings.applicationId());
    Optional<InstanceIdentity> held = InstanceIdentity.acquire(dir);
    if (held.isEmpty()) {
      // The README's second instance on one laptop does this: worth a line, not a warning.
      LOG.info(
          "State directory {} is in use by another instance: this one joins with a new identity"
              + " each start (give each instance a state.dir of its own for restarts in place)",
          dir);
      return new LastingIdentity(Optional.empty(), Optional.empty(), settings);
    }
    String id = held.get().id();
    LOG.info(
        "Instance id {} (kept in {}): a restart aborts this instance's open transactions at once",
        id,
        dir.resolve(InstanceIdentity.FILE_NAME));
    return new LastingIdentity(Optional.of(id), held, settings);
  }

  private static Optional<String> givenInstanceId(Properties p) {
    for (String prefix : new String[] {"", StreamsConfig.CONSUMER_PREFIX, "main.consumer."}) {
      Object v = p.get(prefix + ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
      if (v != null && !v.toString().isBlank()) {
        return Optional.of(v.toString().strip());
      }
    }
    return Optional.empty();
  }

  /** The clients with lasting transactional ids, when there are transactions and an identity. */
  Optional<KafkaClientSupplier> clientSupplier() {
    return exactlyOnce
        ? id.map(i -> new StableTransactionalIds(applicationId, i))
        : Optional.empty();
  }

  /** The identity, if this instance has one. */
  Optional<String> id() {
    return id;
  }

  /** Releases the state directory's identity for the next start. */
  @Override
  public void close() {
    held.ifPresent(InstanceIdentity::close);
  }
}
