package dev.scientistages.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do when an exception escapes a stream thread (bad records never do: they are
 * dead-lettered).
 *
 * <ul>
 *   <li>Replace the thread, at most {@value #MAX_REPLACEMENTS} times in {@link #WINDOW}: a {@link
 *       RetriableException} in the cause chain; a transaction the broker rolled back under the
 *       thread ({@link InvalidTxnStateException}); a broker that failed on a request it should have
 *       served ({@link UnknownServerException}, or the {@link KafkaException} "Unhandled error in
 *       EndTxnResponse"). Under exactly-once offsets and output commit or abort together, so the
 *       new thread goes on from what is committed
 *       (docs/decisions/0006-replace-thread-after-rolled-back-transaction.md).
 *   <li>Fatal, everything else (authentication and authorization failures above all): the client
 *       shuts down (state ERROR) and the process exits non-zero, for its supervisor.
 * </ul>
 */
public final class ThreadFailurePolicy implements StreamsUncaughtExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ThreadFailurePolicy.class);

  static final int MAX_REPLACEMENTS = 5;
  static final Duration WINDOW = Duration.ofMinutes(10);

  private final Deque<Long> replacements = new ArrayDeque<>();
  private final LongAdder replaced = new LongAdder();
  private volatile Throwable fatalError;

  /** How many stream threads this policy has had replaced since start-up, for /metrics. */
  public long replacedCount() {
    return replaced.sum();
  }

  /** The error that made this policy shut the client down, if one did. */
  public Optional<Throwable> fatalError() {
    return Optional.ofNullable(fatalError);
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable e) {
    if (isTransient(e)) {
      long now = System.nanoTime();
      while (!replacements.isEmpty() && now - replacements.peekFirst() > WINDOW.toNanos()) {
        replacements.pollFirst();
      }
      if (replacements.size() < MAX_REPLACEMENTS) {
        replacements.addLast(now);
        replaced.increment();
        LOG.warn("A stream thread failed on a transient error; replacing it: {}", e.toString());
        return StreamThreadExceptionResponse.REPLACE_THREAD;
      }
      LOG.error(
          "Stream threads failed {} times within {} min; shutting the client down",
          MAX_REPLACEMENTS + 1,
          WINDOW.toMinutes(),
          e);
      fatalError = e;
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    LOG.error("{}; shutting the client down", fatalReason(e), e);
    fatalError = e;
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /** What the fatal error line says, naming the setting where one is to blame. */
  static String fatalReason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FencedInstanceIdException) {
        return "A stream thread's group.instance.id was fenced by another member: another instance"
            + " uses the same group.instance.id, or this one fenced itself while the group"
            + " coordinator stalled (KAFKA-20985; unset group.instance.id to avoid it,"
            + " docs/decisions/0011-no-static-membership-by-default.md)";
      }
    }
    return "A stream thread failed on a fatal error";
  }

  static boolean isTransient(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
        return false;
      }
      if (t instanceof RetriableException
          || t instanceof InvalidTxnStateException
          || isServerFailure(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isServerFailure(Throwable t) {
    // The transaction manager reports an unexpected EndTxn error as a bare KafkaException with the
    // error's message and no cause; that message is Kafka's own constant.
    return t instanceof UnknownServerException
        || (t.getClass() == KafkaException.class
            && String.valueOf(t.getMessage()).endsWith(Errors.UNKNOWN_SERVER_ERROR.message()));
  }
}
