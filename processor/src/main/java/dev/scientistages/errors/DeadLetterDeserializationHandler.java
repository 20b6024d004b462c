package dev.scientistages.errors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * A record that cannot be read goes to the dead-letter topic ({@code
 * errors.dead.letter.queue.topic.name}) byte for byte, with Kafka Streams' own error headers and
 * our {@link Reason#HEADER}; the stream goes on.
 */
public class DeadLetterDeserializationHandler extends LogAndContinueExceptionHandler {
  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    Response response = super.handleError(context, record, exception);
    return Response.resume(DeadLetters.mark(response.deadLetterQueueRecords(), context, exception));
  }
}
