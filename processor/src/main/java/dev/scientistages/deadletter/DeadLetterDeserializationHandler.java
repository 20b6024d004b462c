package dev.scientistages.deadletter;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * A record that cannot be read goes to the dead-letter topic ({@code
 * errors.dead.letter.queue.topic.name}) byte for byte, with Kafka Streams' own error headers and
 * our {@link DeadLetterHeaders#REASON}; the stream goes on. See docs/reliability.md.
 */
public class DeadLetterDeserializationHandler extends LogAndContinueExceptionHandler {
  private DeadLetterCounter counts;

  @Override
  public void configure(Map<String, ?> configs) {
    super.configure(configs);
    counts = DeadLetterCounter.from(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    Response response = super.handleError(context, record, exception);
    return Response.resume(
        DeadLetters.mark(counts, response.deadLetterQueueRecords(), context, exception));
  }
}
