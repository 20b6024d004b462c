package dev.scientistages.deadletter;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A record that was read but cannot be mapped goes to the dead-letter topic with its original key
 * and value bytes, Kafka Streams' own error headers and our {@link DeadLetterHeaders#REASON}; the
 * stream goes on. See docs/reliability.md.
 */
public class DeadLetterProcessingHandler extends LogAndContinueProcessingExceptionHandler {
  private DeadLetterCounter counts;

  @Override
  public void configure(Map<String, ?> configs) {
    super.configure(configs);
    counts = DeadLetterCounter.from(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    Response response = super.handleError(context, record, exception);
    return Response.resume(
        DeadLetters.mark(counts, response.deadLetterQueueRecords(), context, exception));
  }
}
