package dev.scientistages.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.Main;
import dev.scientistages.redrive.Redrive;
import dev.scientistages.redrive.RedriveSelection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The options fail fast, before anything connects, naming the option; the ACL hints. */
class RedriveCommandTest {
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
  void shouldRefuseEachBadOptionWithExitCodeTwoNamingIt() {
    // An unused port: a run that got as far as connecting would fail otherwise, not with 2.
    List<List<String>> cases =
        List.of(
            List.of("--reason", "BORN_AFTER_REFERENCE_YEAR,NOPE"),
            List.of("--from", "yesterday"),
            List.of("--until", "1:2,1:3"),
            List.of("--from", "2024-05-02", "--until", "2024-05-01"),
            List.of("--max-redrives", "0"),
            List.of("--rate", "-1"),
            List.of("--to", "bad topic"),
            List.of("--to", "scientists.dlq"),
            List.of("--key", ""));
    for (List<String> options : cases) {
      StringWriter err = new StringWriter();
      CommandLine cli = Main.commandLine();
      cli.setErr(new PrintWriter(err, true));
      String[] args =
          concat(List.of("redrive", "-b", "127.0.0.1:1", "-s", "ages.log.format=plain"), options);
      assertThat(cli.execute(args)).as("%s: %s", options, err).isEqualTo(2);
      assertThat(err.toString()).as(options.toString()).startsWith(options.get(options.size() - 2));
    }
  }

  @Test
  void shouldNameTheAclTheFailureLacks() {
    assertThat(
            RedriveCommand.grantHint(
                new KafkaException("x", new TransactionalIdAuthorizationException("no")), REQUEST))
        .isEqualTo("redrive needs WRITE on transactional id 'scientist-ages-redrive'");
    assertThat(RedriveCommand.grantHint(new GroupAuthorizationException("no"), REQUEST))
        .isEqualTo("redrive needs READ on group 'scientist-ages-redrive'");
    assertThat(
            RedriveCommand.grantHint(
                new TopicAuthorizationException(Set.of("scientists.dlq")), REQUEST))
        .isEqualTo("redrive needs READ on topic 'scientists.dlq'");
    assertThat(
            RedriveCommand.grantHint(
                new TopicAuthorizationException(Set.of("scientists")), REQUEST))
        .isEqualTo("redrive needs WRITE on topic 'scientists'");
    assertThat(RedriveCommand.grantHint(new KafkaException("?"), REQUEST))
        .isEqualTo(
            "redrive needs READ on topic 'scientists.dlq', WRITE on the topics it sends to, READ"
                + " on group 'scientist-ages-redrive' and WRITE on transactional id"
                + " 'scientist-ages-redrive'");
  }

  private static String[] concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
  }
}
