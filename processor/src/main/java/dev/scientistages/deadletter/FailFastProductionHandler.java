package dev.scientistages.deadletter;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * A mapped record that Kafka refuses (a cluster problem, not bad input) stops the client at once,
 * as Kafka's default does, but without a dead-letter record, whose send in Kafka Streams 4.4 can
 * stall the producer (docs/decisions/0004-fail-fast-production-handler.md).
 */
public class FailFastProductionHandler extends DefaultProductionExceptionHandler {
  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    Response response = super.handleError(context, record, exception);
    return switch (response.result()) {
      case RESUME -> Response.resume();
      case RETRY -> Response.retry();
      case FAIL -> Response.fail();
    };
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception exception,
      SerializationExceptionOrigin origin) {
    return Response.fail();
  }
}
