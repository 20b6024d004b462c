package dev.scientistages.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.protocol.Errors;
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
      assertThat(policy.replacedCount()).isEqualTo(i + 1);
    }
    assertThat(policy.handle(transientError))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    // The thread that ended the client was not replaced.
    assertThat(policy.replacedCount()).isEqualTo(ThreadFailurePolicy.MAX_REPLACEMENTS);
  }

  @Test
  void shouldEndTheClientNamingGroupInstanceIdWhenAStaticMemberIsFenced() {
    ThreadFailurePolicy policy = new ThreadFailurePolicy();
    StreamsException fenced =
        new StreamsException(new FencedInstanceIdException("fenced by another member"));
    assertThat(policy.handle(fenced)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(policy.fatalError()).containsSame(fenced);
    assertThat(ThreadFailurePolicy.fatalReason(fenced)).contains("group.instance.id", "0011");
    assertThat(ThreadFailurePolicy.fatalReason(new StreamsException("other")))
        .doesNotContain("group.instance.id");
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
  void shouldReplaceTheThreadWhenTheBrokerFailedOnItsCommit() {
    // What Kafka Streams 4.4 raised when the broker stopped while a stream thread ended its
    // transaction (seen in BrokerRestartIT): UNKNOWN_SERVER_ERROR on EndTxn, as a bare
    // KafkaException with Kafka's message for that error.
    ThreadFailurePolicy policy = new ThreadFailurePolicy();
    StreamsException failedCommit =
        new StreamsException(
            "Error encountered trying to commit a transaction",
            new KafkaException(
                "Unhandled error in EndTxnResponse: " + Errors.UNKNOWN_SERVER_ERROR.message()));
    assertThat(policy.handle(failedCommit)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(policy.handle(new StreamsException(new UnknownServerException("broker failed"))))
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(policy.fatalError()).isEmpty();
    // Any other bare KafkaException stays fatal.
    assertThat(policy.handle(new StreamsException(new KafkaException("Unhandled error: bug"))))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
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
    assertThat(policy.replacedCount()).isZero();
  }
}
