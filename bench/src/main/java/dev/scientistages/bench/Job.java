package dev.scientistages.bench;

import java.time.Duration;
import java.util.Optional;

/** Something that drains the input topic into an output topic until it is closed. */
interface Job extends AutoCloseable {
  /** Starts the threads. */
  void start();

  /** Waits until the job has its partitions and processes; false on timeout. */
  boolean awaitReady(Duration timeout) throws InterruptedException;

  /** Why the job stopped on its own, if it did. */
  Optional<String> failure();

  /** Stops the threads; what they did is committed first. */
  @Override
  void close();
}
