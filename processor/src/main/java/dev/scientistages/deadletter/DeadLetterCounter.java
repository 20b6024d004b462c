package dev.scientistages.deadletter;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * What the dead-letter handlers count into: the service's record counts, which reach them through
 * their {@code configure} in the Streams property {@value #CONFIG}.
 */
public interface DeadLetterCounter {
  /** The Streams property that hands the counter to the exception handlers. */
  String CONFIG = "scientist-ages.record-counts";

  /** Counts a dead letter; true for the first one of its reason in this instance. */
  boolean deadLettered(Reason reason);

  /** The counter a handler's {@code configure} received. */
  static DeadLetterCounter from(Map<String, ?> configs) {
    if (configs.get(CONFIG) instanceof DeadLetterCounter counter) {
      return counter;
    }
    throw new ConfigException(
        CONFIG, configs.get(CONFIG), "the dead-letter handlers need the service's RecordCounts");
  }
}
