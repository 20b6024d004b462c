package dev.scientistages.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both dead-letter handlers do to the records Kafka Streams built for the dead-letter topic:
 * add our reason header, count, and log the first record of each reason in each service only (a
 * flood of bad input must not flood the log).
 */
final class DeadLetters {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  private DeadLetters() {}

  static List<ProducerRecord<byte[], byte[]>> mark(
      DeadLetterCounter counts,
      List<ProducerRecord<byte[], byte[]>> records,
      ErrorHandlerContext context,
      Exception e) {
    Reason reason = Reason.of(e);
    byte[] code = reason.name().getBytes(StandardCharsets.UTF_8);
    for (ProducerRecord<byte[], byte[]> record : records) {
      record.headers().add(DeadLetterHeaders.REASON, code);
    }
    if (counts.deadLettered(reason)) {
      LOG.warn(
          "Dead-lettered a record from {}-{}@{} with reason {}: {} (further records with this"
              + " reason are counted, not logged)",
          context.topic(),
          context.partition(),
          context.offset(),
          reason,
          e.getMessage());
    } else if (LOG.isDebugEnabled()) {
      LOG.debug(
          "Dead-lettered {}-{}@{}: {}",
          context.topic(),
          context.partition(),
          context.offset(),
          reason);
    }
    return records;
  }
}
