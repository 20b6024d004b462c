package dev.scientistages.errors;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A record that was read but cannot be mapped goes to the dead-letter topic with its original key
 * and value bytes, Kafka Streams' own error headers and our {@link Reason#HEADER}; the stream goes
 * on.
 */
public class DeadLetterProcessingHandler extends LogAndContinueProcessingExceptionHandler {
  @Override
  public Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    Response response = super.handleError(context, record, exception);
    return Response.resume(DeadLetters.mark(response.deadLetterQueueRecords(), context, exception));
  }
}
