package dev.scientistages.topology;

import dev.scientistages.deadletter.DeadLetterCounter;
import dev.scientistages.deadletter.DeadLetterDeserializationHandler;
import dev.scientistages.deadletter.DeadLetterProcessingHandler;
import dev.scientistages.deadletter.FailFastProductionHandler;
import dev.scientistages.deadletter.Reason;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What one processor has done with records, for {@code /metrics}: records read from the input
 * topic, mapped to the output topic, and dead-lettered by reason. At rest, {@code read = mapped +
 * dead-lettered}: the conservation figure.
 *
 * <p>One instance per service, shared by its stream threads: the topology gets it as an argument,
 * the exception handlers through their {@code configure} (the Streams property {@value
 * DeadLetterCounter#CONFIG}). Counts are attempts: under exactly-once, a transaction that aborts (a
 * rebalance, a crash of a peer) is processed again and counted again, while the committed output
 * holds it once.
 */
public final class RecordCounts implements DeadLetterCounter {
  /**
   * The exception handlers a service runs with, by Streams setting, unless the settings name
   * others: bad records to the dead-letter topic, counted here; a refused send fails fast.
   */
  public static final Map<String, String> HANDLERS =
      Map.of(
          StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
          DeadLetterDeserializationHandler.class.getName(),
          StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
          DeadLetterProcessingHandler.class.getName(),
          StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
          FailFastProductionHandler.class.getName());

  private final LongAdder read = new LongAdder();
  private final LongAdder mapped = new LongAdder();
  private final Map<Reason, LongAdder> deadLettered = new EnumMap<>(Reason.class);
  private final Set<Reason> seen = ConcurrentHashMap.newKeySet();

  public RecordCounts() {
    for (Reason reason : Reason.values()) {
      deadLettered.put(reason, new LongAdder());
    }
  }

  /**
   * Streams properties that carry this instance to the handlers, on top of {@code properties}, with
   * the {@link #HANDLERS} where {@code properties} names none of its own.
   */
  public Properties addTo(Properties properties) {
    Properties p = new Properties();
    p.putAll(properties);
    HANDLERS.forEach(p::putIfAbsent);
    p.put(CONFIG, this);
    return p;
  }

  /** The instance that {@link #addTo} put into these Streams properties. */
  public static RecordCounts from(Map<String, ?> configs) {
    if (DeadLetterCounter.from(configs) instanceof RecordCounts counts) {
      return counts;
    }
    throw new ConfigException(CONFIG, configs.get(CONFIG), "not a service's RecordCounts");
  }

  public void read() {
    read.increment();
  }

  public void mapped() {
    mapped.increment();
  }

  @Override
  public boolean deadLettered(Reason reason) {
    deadLettered.get(reason).increment();
    return seen.add(reason);
  }

  public long readCount() {
    return read.sum();
  }

  public long mappedCount() {
    return mapped.sum();
  }

  public long deadLetteredCount(Reason reason) {
    return deadLettered.get(reason).sum();
  }

  public long deadLetteredCount() {
    return deadLettered.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Records read but neither mapped nor dead-lettered (yet): 0 when the stream is idle. */
  public long unaccounted() {
    return readCount() - mappedCount() - deadLetteredCount();
  }
}
