package dev.scientistages.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
  @Test
  void shouldMaskEverySecretSettingInTheRecordedCommandLine() {
    String recorded =
        BenchCommand.maskedCommand(
            List.of(
                "-b",
                "kafka1:9092",
                "-s",
                "sasl.jaas.config=ScramLoginModule required password=\"p1\";",
                "--set=ssl.keystore.password=p2",
                "-sproducer.ssl.key.password=p3",
                "-s",
                "linger.ms=20",
                "--records",
                "1000"));
    assertThat(recorded).doesNotContain("p1", "p2", "p3");
    assertThat(recorded)
        .isEqualTo(
            "-b kafka1:9092 -s sasl.jaas.config=[hidden] --set=ssl.keystore.password=[hidden]"
                + " -sproducer.ssl.key.password=[hidden] -s linger.ms=20 --records 1000");
  }
}
