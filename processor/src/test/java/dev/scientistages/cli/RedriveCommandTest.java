package dev.scientistages.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The options fail fast, before anything connects, naming the option. */
class RedriveCommandTest {
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

  private static String[] concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
  }
}
