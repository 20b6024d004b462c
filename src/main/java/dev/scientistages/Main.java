package dev.scientistages;

import dev.scientistages.cli.BenchCommand;
import dev.scientistages.cli.ConsumeCommand;
import dev.scientistages.cli.DemoCommand;
import dev.scientistages.cli.ProduceCommand;
import dev.scientistages.cli.RunCommand;
import dev.scientistages.cli.Shutdown;
import dev.scientistages.config.InvalidSettingException;
import dev.scientistages.topics.TopicFileException;
import java.util.Arrays;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: wiring only. With no verb (or only options), {@code run} is meant. */
@Command(
    name = "scientist-ages",
    mixinStandardHelpOptions = true,
    version = "scientist-ages 0.1.0",
    description = "Kafka Streams processor: scientists {name, born} -> ages {name, age}.",
    subcommands = {
      RunCommand.class,
      DemoCommand.class,
      ProduceCommand.class,
      ConsumeCommand.class,
      BenchCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the processor failed (streams client in ERROR) or a verb's check failed",
      "2:invalid setting, topic file or command line",
      "3:the cluster, the topics or the embedded broker could not be made ready",
      "4:the cluster refused access: authentication failed or an ACL is missing"
    })
public final class Main implements Runnable {
  /** Exit code for an invalid setting, topic file or command line. */
  public static final int EXIT_USAGE = 2;

  /** Exit code for a cluster, topic or broker that could not be made ready. */
  public static final int EXIT_UNAVAILABLE = 3;

  /** Exit code for a cluster that refused the credentials or the permissions. */
  public static final int EXIT_ACCESS_DENIED = 4;

  private static final Set<String> ROOT_ONLY = Set.of("-h", "--help", "-V", "--version");

  @Override
  public void run() {
    // Reached only for the root alone; main() turns that into run.
  }

  public static void main(String[] args) {
    int code = execute(args);
    if (!Shutdown.inProgress()) {
      System.exit(code);
    }
  }

  /** Runs the command line and returns its exit code (for tests: no System.exit). */
  public static int execute(String... args) {
    return commandLine().execute(withDefaultVerb(args));
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, cmd, parseResult) -> {
          int code = exitCodeOf(e);
          if (code == 1) {
            throw e;
          }
          cmd.getErr().println(cmd.getColorScheme().errorText("Error: " + e.getMessage()));
          return code;
        });
    return cli;
  }

  static int exitCodeOf(Exception e) {
    if (e instanceof ClusterAccessException) {
      return EXIT_ACCESS_DENIED;
    }
    if (e instanceof InvalidSettingException || e instanceof TopicFileException) {
      return EXIT_USAGE;
    }
    if (e instanceof dev.scientistages.topics.TopicSetupException
        || e instanceof dev.scientistages.local.EmbeddedKafkaException
        || e instanceof java.io.UncheckedIOException) {
      return EXIT_UNAVAILABLE;
    }
    return 1;
  }

  static String[] withDefaultVerb(String[] args) {
    if (args.length == 0 || (args[0].startsWith("-") && !ROOT_ONLY.contains(args[0]))) {
      String[] withRun = new String[args.length + 1];
      withRun[0] = "run";
      System.arraycopy(args, 0, withRun, 1, args.length);
      return withRun;
    }
    return Arrays.copyOf(args, args.length);
  }
}
