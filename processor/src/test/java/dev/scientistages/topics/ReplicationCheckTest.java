package dev.scientistages.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.topics.ReplicationCheck.Topic;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ReplicationCheckTest {
  private static Topic topic(String name, int replicas, int minIsr) {
    return new Topic(name, replicas, OptionalInt.of(minIsr));
  }

  @Test
  void shouldSayNothingOnOneOrTwoBrokers() {
    List<Topic> single = List.of(topic("scientists", 1, 1), topic("ages", 1, 1));
    assertThat(ReplicationCheck.findings(1, single, true, OptionalInt.of(1))).isEmpty();
    assertThat(ReplicationCheck.findings(2, single, true, OptionalInt.of(1))).isEmpty();
  }

  @Test
  void shouldSayNothingOnASafelyReplicatedCluster() {
    List<Topic> safe = List.of(topic("scientists", 3, 2), topic("ages", 3, 2));
    assertThat(ReplicationCheck.findings(3, safe, true, OptionalInt.of(3))).isEmpty();
    // What the credentials could not describe is not a finding.
    List<Topic> unknownIsr = List.of(new Topic("ages", 3, OptionalInt.empty()));
    assertThat(ReplicationCheck.findings(5, unknownIsr, true, OptionalInt.empty())).isEmpty();
  }

  @Test
  void shouldNameTheSingleReplicaTopicsAndTheSettingOnThreeBrokers() {
    List<String> findings =
        ReplicationCheck.findings(
            3,
            List.of(topic("scientists", 1, 1), topic("ages", 3, 2), topic("scientists.dlq", 1, 1)),
            true,
            OptionalInt.of(3));
    assertThat(findings).hasSize(1);
    assertThat(findings.get(0))
        .contains("'scientists', 'scientists.dlq'")
        .doesNotContain("'ages'")
        .contains("replication.factor=3")
        .contains("default.replication.factor=3");
  }

  @Test
  void shouldNameTopicsThatAcknowledgeAWriteHeldByOneReplica() {
    List<String> findings =
        ReplicationCheck.findings(
            3, List.of(topic("ages", 3, 1), topic("scientists", 3, 2)), false, OptionalInt.of(3));
    assertThat(findings).singleElement().asString().contains("'ages'").contains("min.insync");
  }

  @Test
  void shouldNameAThinTransactionLogUnderExactlyOnceOnly() {
    List<Topic> safe = List.of(topic("ages", 3, 2));
    assertThat(ReplicationCheck.findings(3, safe, true, OptionalInt.of(1)))
        .singleElement()
        .asString()
        .contains("__transaction_state")
        .contains("transaction.state.log.replication.factor=3");
    assertThat(ReplicationCheck.findings(3, safe, false, OptionalInt.of(1))).isEmpty();
  }

  @Test
  void shouldPutEveryFindingOnOneWarningLine() {
    List<String> findings =
        ReplicationCheck.findings(
            4, List.of(topic("scientists", 1, 1), topic("ages", 3, 1)), true, OptionalInt.of(1));
    assertThat(findings).hasSize(3);
    assertThat(ReplicationCheck.warning(findings).orElseThrow()).doesNotContain("\n");
    assertThat(ReplicationCheck.warning(List.of())).isEmpty();
  }
}
