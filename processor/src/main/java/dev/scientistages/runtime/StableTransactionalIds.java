package dev.scientistages.runtime;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Kafka Streams' own clients, except that a stream thread's transactional id ({@code
 * <application.id>-<process id>-<thread index>} under exactly_once_v2) carries this instance's
 * lasting identity instead of the process id, which Streams draws afresh at each start for a
 * topology without persistent stores: the restarted instance's producers then fence and abort the
 * transactions their killed predecessors left open at once, instead of after {@code
 * transaction.timeout.ms}.
 */
final class StableTransactionalIds implements KafkaClientSupplier {
  private final String applicationId;
  private final String identity;

  StableTransactionalIds(String applicationId, String identity) {
    this.applicationId = applicationId;
    this.identity = identity;
  }

  /** The transactional id with the identity in place of the process id; others unchanged. */
  static String stable(String transactionalId, String applicationId, String identity) {
    String prefix = applicationId + "-";
    int thread = transactionalId.lastIndexOf('-');
    if (!transactionalId.startsWith(prefix) || thread < prefix.length()) {
      return transactionalId;
    }
    return prefix + identity + transactionalId.substring(thread);
  }

  @Override
  public Admin getAdmin(Map<String, Object> config) {
    return Admin.create(config);
  }

  @Override
  public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
    Map<String, Object> c = new HashMap<>(config);
    Object id = c.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    if (id != null) {
      c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, stable(id.toString(), applicationId, identity));
    }
    return new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
    return getConsumer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
    return getConsumer(config);
  }
}
