package dev.scientistages.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterViewTest {
  private static ConsumerRecord<byte[], byte[]> deadLetter(String redrives) {
    ConsumerRecord<byte[], byte[]> r =
        new ConsumerRecord<>("scientists.dlq", 0, 7, utf8("Nova"), utf8("{\"name\":\"Nova\"}"));
    r.headers().add(DeadLetterHeaders.REASON, utf8("MISSING_BORN"));
    r.headers().add(DeadLetterHeaders.TOPIC, utf8("scientists"));
    r.headers().add(DeadLetterHeaders.PARTITION, utf8("3"));
    r.headers().add(DeadLetterHeaders.OFFSET, utf8("41"));
    if (redrives != null) {
      r.headers().add(DeadLetterHeaders.REDRIVES, utf8(redrives));
    }
    return r;
  }

  @Test
  void shouldShowTheReasonTheSourceTheRedrivesAndTheRecord() throws Exception {
    JsonNode first = new ObjectMapper().readTree(DeadLetterView.toJson(deadLetter(null)));
    assertThat(first.get("reason").asText()).isEqualTo("MISSING_BORN");
    assertThat(first.get("source").asText()).isEqualTo("scientists-3@41");
    assertThat(first.get("redrives").asInt()).isZero();
    assertThat(first.get("key").asText()).isEqualTo("Nova");
    assertThat(first.get("value").asText()).isEqualTo("{\"name\":\"Nova\"}");

    JsonNode again = new ObjectMapper().readTree(DeadLetterView.toJson(deadLetter("1")));
    assertThat(again.get("redrives").asInt()).isEqualTo(1);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
