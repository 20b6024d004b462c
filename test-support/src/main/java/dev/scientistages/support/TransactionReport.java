package dev.scientistages.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What the broker knows of the transactions that keep partitions open: for each partition, the
 * producers with a transaction in progress (id, epoch, start offset), and for each such producer
 * what its transaction coordinator says (transactional id, state, partitions it knows of). A
 * partition whose producer the coordinator does not list, or lists without that partition, has a
 * hanging transaction: nothing will ever write its marker.
 */
public final class TransactionReport {
  private TransactionReport() {}

  /** One line per open producer; a line that says why when the broker could not be asked. */
  public static List<String> describe(String bootstrapServers, Collection<TopicPartition> open) {
    List<String> lines = new ArrayList<>();
    if (open.isEmpty()) {
      return lines;
    }
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                "5000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                "10000"))) {
      Map<Long, TransactionListing> byProducer = new HashMap<>();
      for (TransactionListing l : admin.listTransactions().all().get(10, TimeUnit.SECONDS)) {
        byProducer.put(l.producerId(), l);
      }
      var producers = admin.describeProducers(open).all().get(10, TimeUnit.SECONDS);
      Set<String> ids = new HashSet<>();
      for (TopicPartition tp : open) {
        for (ProducerState p : producers.get(tp).activeProducers()) {
          TransactionListing listing = byProducer.get(p.producerId());
          if (listing != null && p.currentTransactionStartOffset().isPresent()) {
            ids.add(listing.transactionalId());
          }
        }
      }
      Map<String, TransactionDescription> transactions =
          ids.isEmpty()
              ? Map.of()
              : admin.describeTransactions(ids).all().get(10, TimeUnit.SECONDS);
      for (TopicPartition tp : open) {
        for (ProducerState p : producers.get(tp).activeProducers()) {
          if (p.currentTransactionStartOffset().isEmpty()) {
            continue;
          }
          TransactionListing listing = byProducer.get(p.producerId());
          String coordinator = "not listed by any transaction coordinator";
          if (listing != null) {
            TransactionDescription d = transactions.get(listing.transactionalId());
            coordinator =
                String.format(
                    "transactional id %s: %s, epoch %d, timeout %d ms, partitions %s (%s)",
                    listing.transactionalId(),
                    d.state(),
                    d.producerEpoch(),
                    d.transactionTimeoutMs(),
                    d.topicPartitions(),
                    d.topicPartitions().contains(tp)
                        ? "includes " + tp
                        : "without " + tp + ": hanging");
          }
          lines.add(
              String.format(
                  "%s: producer %d epoch %d, transaction open since offset %d, last write at %d;"
                      + " coordinator epoch %d; %s",
                  tp,
                  p.producerId(),
                  p.producerEpoch(),
                  p.currentTransactionStartOffset().getAsLong(),
                  p.lastTimestamp(),
                  p.coordinatorEpoch().orElse(-1),
                  coordinator));
        }
      }
    } catch (Exception e) {
      lines.add(
          "could not describe the open transactions: "
              + e
              + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
    }
    return lines;
  }

  /**
   * Waits until the read_committed end of every partition equals its high watermark, and returns
   * the partitions where it still does not, with both offsets.
   */
  static List<String> awaitNoneOpen(
      String bootstrapServers, List<String> topics, Duration timeout) {
    List<String> open = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> committed =
            CommittedRecords.consumer(bootstrapServers, CommittedRecords.READ_COMMITTED);
        KafkaConsumer<byte[], byte[]> uncommitted =
            CommittedRecords.consumer(bootstrapServers, CommittedRecords.READ_UNCOMMITTED)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        partitions.addAll(CommittedRecords.partitionsOf(committed, topic));
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        Map<TopicPartition, Long> stable = committed.endOffsets(partitions);
        Map<TopicPartition, Long> high = uncommitted.endOffsets(partitions);
        open.clear();
        List<TopicPartition> stuck = new ArrayList<>();
        for (TopicPartition tp : partitions) {
          if (!stable.get(tp).equals(high.get(tp))) {
            stuck.add(tp);
            open.add(
                tp + " read_committed end " + stable.get(tp) + " < high watermark " + high.get(tp));
          }
        }
        if (open.isEmpty()) {
          return List.of();
        }
        if (System.nanoTime() > deadline) {
          open.addAll(describe(bootstrapServers, stuck));
          return List.copyOf(open);
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }
}
