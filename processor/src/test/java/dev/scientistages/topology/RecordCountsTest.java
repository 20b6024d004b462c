package dev.scientistages.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scientistages.deadletter.DeadLetterProcessingHandler;
import dev.scientistages.deadletter.Reason;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class RecordCountsTest {
  @Test
  void shouldCountEachInstanceApart() {
    RecordCounts a = new RecordCounts();
    RecordCounts b = new RecordCounts();
    a.read();
    a.read();
    a.mapped();
    a.deadLettered(Reason.MISSING_BORN);
    b.read();

    assertThat(a.readCount()).isEqualTo(2);
    assertThat(a.mappedCount()).isEqualTo(1);
    assertThat(a.deadLetteredCount(Reason.MISSING_BORN)).isEqualTo(1);
    assertThat(a.unaccounted()).isZero();
    assertThat(b.readCount()).isEqualTo(1);
    assertThat(b.mappedCount()).isZero();
    assertThat(b.deadLetteredCount()).isZero();
    assertThat(b.unaccounted()).isEqualTo(1);
  }

  @Test
  void shouldTellTheFirstDeadLetterOfEachReasonPerInstance() {
    RecordCounts a = new RecordCounts();
    RecordCounts b = new RecordCounts();
    assertThat(a.deadLettered(Reason.MALFORMED_JSON)).isTrue();
    assertThat(a.deadLettered(Reason.MALFORMED_JSON)).isFalse();
    assertThat(a.deadLettered(Reason.NULL_VALUE)).isTrue();
    assertThat(b.deadLettered(Reason.MALFORMED_JSON)).as("another service logs its own").isTrue();
  }

  @Test
  void shouldReachTheHandlersThroughTheirConfiguration() {
    RecordCounts counts = new RecordCounts();
    Properties props = counts.addTo(new Properties());
    @SuppressWarnings("unchecked")
    Map<String, ?> configs = (Map<String, ?>) (Map<?, ?>) props;
    assertThat(RecordCounts.from(configs)).isSameAs(counts);
    assertThatThrownBy(() -> RecordCounts.from(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(RecordCounts.CONFIG);
  }

  @Test
  void shouldNameTheHandlersUnlessThePropertiesNameOthers() {
    Properties own = new Properties();
    own.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, "example.OwnHandler");
    Properties props = new RecordCounts().addTo(own);
    assertThat(props.getProperty(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG))
        .isEqualTo("example.OwnHandler");
    assertThat(props.getProperty(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG))
        .isEqualTo(DeadLetterProcessingHandler.class.getName());
  }
}
