package dev.scientistages.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line as a user meets it: bad values refused in one line before any work, a pointer to
 * the help instead of the whole usage, suggestions only when close, the verbs with no verb.
 */
class CommandLineTest {
  /** What one command line printed and returned. */
  private record Outcome(int code, List<String> out, List<String> err) {}

  private static Outcome execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Outcome(code, out.toString().lines().toList(), err.toString().lines().toList());
  }

  /** A verb run against a port nothing listens on: getting as far as connecting would show. */
  private static Outcome verb(String verb, String... options) {
    List<String> words = List.of(verb.split(" "));
    String[] args =
        Stream.of(
                words.stream(),
                Stream.of("-b", "127.0.0.1:1", "-s", "ages.log.format=plain"),
                Stream.of(options))
            .flatMap(s -> s)
            .toArray(String[]::new);
    return execute(args);
  }

  private static String pointer(String verb) {
    return "Run 'scientist-ages " + verb + " --help' for the options.";
  }

  @Test
  void shouldRefuseEachNumberThatMakesNoSenseInOneLineNamingOptionAndValue() {
    List<List<String>> cases =
        List.of(
            List.of("produce", "--generate", "-5", "'-5' is not a whole number of 1 or more"),
            List.of("produce", "--generate", "0", "'0' is not a whole number of 1 or more"),
            List.of("produce", "--rate", "0", "'0' is not a number above 0"),
            List.of("produce", "--rate", "-2.5", "'-2.5' is not a number above 0"),
            List.of("consume", "--max", "-1", "'-1' is not a whole number of 1 or more"),
            List.of("consume", "--timeout", "0s", "'0s' is not a duration above zero"),
            List.of("consume", "--timeout", "PT-5S", "'PT-5S' is not a duration above zero"),
            List.of(
                "consume", "--timeout", "5", "'5' is not a duration such as 500ms, 30s, 5m, 1h"),
            List.of("run", "--threads", "0", "'0' is not a whole number of 1 or more"),
            List.of("run", "--threads", "3000000000", "'3000000000' is more than 2147483647"),
            List.of("run", "--embedded-port", "70000", "'70000' is not a port from 0 to 65535"),
            List.of("topics create", "--embedded-port", "-1", "'-1' is not a port from 0 to 65535"),
            List.of("redrive", "--max-redrives", "0", "'0' is not a whole number of 1 or more"),
            List.of("redrive", "--rate", "-1", "'-1' is not a number above 0"),
            List.of("run", "--set", "linger.ms", "'linger.ms' is not KEY=VALUE"),
            List.of("run", "--set", "=5", "'=5' is not KEY=VALUE"));
    for (List<String> c : cases) {
      Outcome outcome = verb(c.get(0), c.get(1), c.get(2));
      assertThat(outcome.code()).as("%s: %s", c, outcome.err()).isEqualTo(2);
      assertThat(outcome.err())
          .as(c.toString())
          .containsExactly(c.get(1) + ": " + c.get(3), pointer(c.get(0)));
      assertThat(outcome.out()).as(c.toString()).isEmpty();
    }
  }

  @Test
  void shouldPointToTheHelpInsteadOfPrintingTheUsage() {
    Outcome reason = verb("redrive", "--reason", "NOPE");
    assertThat(reason.code()).isEqualTo(2);
    assertThat(reason.err()).hasSize(2);
    assertThat(reason.err().get(0)).startsWith("--reason").contains("NOPE");
    assertThat(reason.err().get(1)).isEqualTo(pointer("redrive"));

    Outcome missing = execute("topics", "export");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err())
        .containsExactly(
            "Missing required option: '--format=strimzi|asyncapi'", pointer("topics export"));
  }

  @Test
  void shouldSuggestOnlyANameCloseToWhatWasTyped() {
    assertThat(verb("run", "--bogus").err())
        .containsExactly("Unknown option: '--bogus'", pointer("run"));
    assertThat(verb("run", "--reference-yaer", "2017").err())
        .contains("Did you mean '--reference-year'?");
    assertThat(verb("consume", "--dead-letter").err()).contains("Did you mean '--dead-letters'?");
    assertThat(verb("run", "-x").err()).containsExactly("Unknown option: '-x'", pointer("run"));

    Outcome verb = execute("hepl");
    assertThat(verb.code()).isEqualTo(2);
    assertThat(verb.err())
        .containsExactly(
            "Unknown verb: 'hepl'",
            "Did you mean 'help'?",
            "Run 'scientist-ages help' for the verbs.");
    assertThat(execute("frobnicate").err())
        .containsExactly("Unknown verb: 'frobnicate'", "Run 'scientist-ages help' for the verbs.");
  }

  @Test
  void shouldOfferTheDataDirectoryOnlyWhereABrokerCanStart() {
    CommandLine cli = Main.commandLine();
    assertThat(cli.getSubcommands().get("run").getCommandSpec().findOption("--data-dir"))
        .isNotNull();
    for (String verb : List.of("produce", "consume", "redrive")) {
      assertThat(cli.getSubcommands().get(verb).getCommandSpec().findOption("--data-dir"))
          .as(verb)
          .isNull();
      assertThat(verb(verb, "--data-dir=x").err())
          .as(verb)
          .containsExactly("Unknown option: '--data-dir=x'", pointer(verb));
    }
  }

  @Test
  void shouldOfferNoClusterWhereAVerbConnectsToNone() {
    CommandLine export =
        Main.commandLine().getSubcommands().get("topics").getSubcommands().get("export");
    assertThat(export.getCommandSpec().findOption("--config")).isNotNull();
    assertThat(export.getCommandSpec().findOption("--set")).isNotNull();
    for (String option : List.of("--bootstrap-servers", "--embedded-port")) {
      assertThat(export.getCommandSpec().findOption(option)).as(option).isNull();
    }
    assertThat(execute("topics", "export", "--format", "strimzi", "-b", "127.0.0.1:1").err())
        .containsExactly("Unknown options: '-b', '127.0.0.1:1'", pointer("topics export"));
  }

  @Test
  void shouldListTheVerbsOneLineEachAndExitTwoWithNoVerb() {
    Outcome none = execute();
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.out()).isEmpty();
    List<String> verbs =
        List.copyOf(Main.commandLine().getSubcommands().keySet()).stream()
            .map(name -> "  " + name + " ")
            .toList();
    List<String> listed =
        none.err().stream().filter(line -> verbs.stream().anyMatch(line::startsWith)).toList();
    assertThat(listed).hasSameSizeAs(verbs);
    int first = none.err().indexOf("Verbs:");
    assertThat(none.err().subList(first + 1, first + 1 + verbs.size())).isEqualTo(listed);
    assertThat(none.err().get(first + 1 + verbs.size())).isEmpty();
    assertThat(none.err()).contains("Name a verb; 'scientist-ages help VERB' shows its options.");
  }

  @Test
  void shouldShowTheHelpOfTheRootAndOfEveryVerb() {
    Outcome root = execute("help");
    assertThat(root.code()).isZero();
    assertThat(root.out().get(0)).startsWith("Usage: scientist-ages [-hV] VERB");
    assertThat(root.out()).contains("Verbs:");
    assertThat(root.err()).isEmpty();
    for (String verb : List.of("run", "produce", "consume", "redrive", "topics")) {
      Outcome help = execute("help", verb);
      assertThat(help.code()).as(verb).isZero();
      assertThat(help.out().get(0)).as(verb).startsWith("Usage: scientist-ages " + verb + " ");
      assertThat(help.out()).as(verb).contains("Exit codes:");
    }
  }

  @Test
  void shouldPrintTheEndpointAtTheAddressItIsBoundTo() throws Exception {
    assertThat(RunCommand.urlHost(InetAddress.getByName("127.0.0.1"))).isEqualTo("127.0.0.1");
    assertThat(RunCommand.urlHost(InetAddress.getByName("0.0.0.0"))).isEqualTo("localhost");
    assertThat(RunCommand.urlHost(InetAddress.getByName("::1"))).isEqualTo("[0:0:0:0:0:0:0:1]");
    assertThat(RunCommand.urlHost(InetAddress.getByName("10.1.2.3"))).isEqualTo("10.1.2.3");
  }
}
