package dev.scientistages.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.Test;

/** The ACL hints: the one a refusal lacks, or all four. */
class RedriveAclsTest {
  private static final Redrive.Request REQUEST =
      new Redrive.Request(
          "scientists.dlq",
          "scientist-ages-redrive",
          "scientist-ages-redrive",
          RedriveSelection.everything(false),
          null,
          3,
          false,
          0);

  @Test
  void shouldNameTheAclTheFailureLacks() {
    assertThat(
            RedriveAcls.hint(
                new KafkaException("x", new TransactionalIdAuthorizationException("no")), REQUEST))
        .isEqualTo("redrive needs WRITE on transactional id 'scientist-ages-redrive'");
    assertThat(RedriveAcls.hint(new GroupAuthorizationException("no"), REQUEST))
        .isEqualTo("redrive needs READ on group 'scientist-ages-redrive'");
    assertThat(RedriveAcls.hint(new TopicAuthorizationException(Set.of("scientists.dlq")), REQUEST))
        .isEqualTo("redrive needs READ on topic 'scientists.dlq'");
    assertThat(RedriveAcls.hint(new TopicAuthorizationException(Set.of("scientists")), REQUEST))
        .isEqualTo("redrive needs WRITE on topic 'scientists'");
    assertThat(RedriveAcls.hint(new KafkaException("?"), REQUEST))
        .isEqualTo(
            "redrive needs READ on topic 'scientists.dlq', WRITE on the topics it sends to, READ"
                + " on group 'scientist-ages-redrive' and WRITE on transactional id"
                + " 'scientist-ages-redrive'");
  }
}
