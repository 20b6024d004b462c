package dev.scientistages.ops;

import static org.assertj.core.api.Assertions.assertThat;

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
