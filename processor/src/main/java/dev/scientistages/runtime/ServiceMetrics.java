package dev.scientistages.runtime;

import dev.scientistages.deadletter.Reason;
import dev.scientistages.topology.RecordCounts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The Prometheus registry of one processor: Kafka Streams' own metrics (Micrometer's {@link
 * KafkaStreamsMetrics}), JVM metrics, and the service's {@link RecordCounts}:
 *
 * <ul>
 *   <li>{@code scientist_ages_records_read_total}
 *   <li>{@code scientist_ages_records_mapped_total}
 *   <li>{@code scientist_ages_records_dead_lettered_total{reason="..."}}
 *   <li>{@code scientist_ages_records_unaccounted}: read − mapped − dead-lettered (0 at rest)
 *   <li>{@code scientist_ages_stream_threads_replaced_total}: stream threads replaced after a
 *       transient failure ({@link ThreadFailurePolicy})
 * </ul>
 *
 * <p>Micrometer looks for new Kafka metrics every {@link #KAFKA_METRICS_REFRESH}: those of a
 * partition or task appear only once it is assigned, after start-up and after each rebalance.
 */
public final class ServiceMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** How soon a newly assigned partition's lag shows: Micrometer's default is a minute. */
  static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

  private final KafkaStreamsMetrics streamsMetrics;
  private final ScheduledExecutorService refresher =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "scientist-ages-metrics-refresh");
            t.setDaemon(true);
            return t;
          });
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

  public ServiceMetrics(KafkaStreams streams, RecordCounts counts, ThreadFailurePolicy failures) {
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    streamsMetrics = new KafkaStreamsMetrics(streams, List.of(), refresher, KAFKA_METRICS_REFRESH);
    streamsMetrics.bindTo(registry);

    FunctionCounter.builder("scientist.ages.records.read", counts, RecordCounts::readCount)
        .description("Records read from the input topic, readable or not")
        .register(registry);
    FunctionCounter.builder("scientist.ages.records.mapped", counts, RecordCounts::mappedCount)
        .description("Records mapped and sent to the output topic")
        .register(registry);
    for (Reason reason : Reason.values()) {
      FunctionCounter.builder(
              "scientist.ages.records.dead.lettered", counts, c -> c.deadLetteredCount(reason))
          .description("Records sent to the dead-letter topic, by reason code")
          .tag("reason", reason.name())
          .register(registry);
    }
    FunctionCounter.builder(
            "scientist.ages.stream.threads.replaced", failures, ThreadFailurePolicy::replacedCount)
        .description("Stream threads replaced after a transient failure")
        .register(registry);
    Gauge.builder("scientist.ages.records.unaccounted", counts, RecordCounts::unaccounted)
        .description("Records read but neither mapped nor dead-lettered yet: 0 at rest")
        .register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    streamsMetrics.close();
    refresher.shutdownNow();
    gcMetrics.close();
    registry.close();
  }
}
