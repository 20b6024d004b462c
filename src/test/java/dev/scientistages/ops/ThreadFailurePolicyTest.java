package dev.scientistages.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadFailurePolicyTest {
  @Test
  void shouldReplaceTheThreadOnATransientErrorAFewTimesThenGiveUp() {
    ThreadFailurePolicy policy = new ThreadFailurePolicy();
    StreamsException transientError = new StreamsException(new TimeoutException("broker away"));
    for (int i = 0; i < ThreadFailurePolicy.MAX_REPLACEMENTS; i++) {
      assertThat(policy.handle(transientError))
          .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
    assertThat(policy.handle(transientError))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }

  @Test
  void shouldReplaceTheThreadWhenTheBrokerAbortedItsTransaction() {
    // What Kafka Streams 4.4 raises when a transaction outlived transaction.timeout.ms during a
    // broker outage and the coordinator rolled it back: the thread must go on, not the client end.
    ThreadFailurePolicy policy = new ThreadFailurePolicy();
    StreamsException aborted =
        new StreamsException(
            "Error encountered trying to commit a transaction",
            new InvalidTxnStateException("The producer attempted a transactional operation"));
    assertThat(policy.handle(aborted)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(policy.fatalError()).isEmpty();
  }

  @Test
  void shouldShutTheClientDownOnAFatalError() {
    ThreadFailurePolicy policy = new ThreadFailurePolicy();
    assertThat(policy.handle(new StreamsException(new IllegalStateException("bug"))))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(policy.handle(new StreamsException(new SaslAuthenticationException("bad password"))))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(policy.handle(new TopicAuthorizationException("no ACL")))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }
}
