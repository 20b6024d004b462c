package dev.scientistages.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** demo's help states its own defaults, once; its bad options fail before any broker starts. */
class DemoCommandTest {
  private static String help() {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    assertThat(cli.execute("help", "demo")).isZero();
    // One option's description spans several lines: read the help as one line of words.
    return out.toString().replaceAll("\\s+", " ");
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void shouldStateTheDemoDefaultsOnceAndTruly() {
    String help = help();
    // DemoCommand sets ages.reference.year=2017 and ages.embedded.port=0 unless -s says otherwise.
    assertThat(count(help, "2017")).as(help).isEqualTo(1);
    assertThat(help).contains("(default 2017, unless -s ages.reference.year says otherwise)");
    assertThat(help).doesNotContain("(the default)").doesNotContain("9092");
    assertThat(help).contains("(default: any free port, unless -s ages.embedded.port");
    assertThat(count(help, "default 120s")).isEqualTo(1);
  }

  @Test
  void shouldRefuseABadTimeoutInOneLineBeforeStartingABroker() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute("demo", "--timeout", "0s")).isEqualTo(2);
    assertThat(err.toString().lines())
        .containsExactly(
            "--timeout: '0s' is not a duration above zero",
            "Run 'scientist-ages demo --help' for the options.");
  }
}
