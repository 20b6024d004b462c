package dev.scientistages.deadletter;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * A mapped record that Kafka refuses to take (the output topic's size limit, say) is not a bad
 * input: it stops the client at once, as Kafka's default does, so that the process exits with code
 * 1 and someone fixes the cluster.
 *
 * <p>Unlike Kafka's default it sends nothing to the dead-letter topic: in Kafka Streams 4.4 the
 * dead-letter record of a failed send is sent from the producer's own I/O thread, which blocks for
 * {@code max.block.ms} (60 s) whenever the dead-letter topic is not yet in that producer's
 * metadata, and then fails anyway. Bad inputs are dead-lettered before any send (deserialization
 * and processing handlers), so they never come here.
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
