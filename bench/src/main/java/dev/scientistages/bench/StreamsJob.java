package dev.scientistages.bench;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/** A Kafka Streams client running one of the benchmark's topologies (B2, A, C). */
final class StreamsJob implements Job {
  private final KafkaStreams streams;
  private final CountDownLatch running = new CountDownLatch(1);
  private volatile String failure;

  StreamsJob(Topology topology, StreamsConfig config) {
    this.streams = new KafkaStreams(topology, config);
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.RUNNING) {
            running.countDown();
          } else if (now == KafkaStreams.State.ERROR) {
            failure = failure == null ? "the streams client ended in ERROR" : failure;
          }
        });
    streams.setUncaughtExceptionHandler(
        e -> {
          failure = e.toString();
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
  }

  @Override
  public void start() {
    streams.start();
  }

  @Override
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public void close() {
    // Stateless topologies keep nothing worth keeping; leave no directory per run behind. A
    // client that did not stop in time cannot be cleaned up (and the bench removes its state
    // directory at the end anyway).
    if (streams.close(Duration.ofSeconds(60))) {
      streams.cleanUp();
    }
  }
}
