package dev.scientistages;

import dev.scientistages.cli.ConsumeCommand;
import dev.scientistages.cli.ExitCode;
import dev.scientistages.cli.ProduceCommand;
import dev.scientistages.cli.RedriveCommand;
import dev.scientistages.cli.RunCommand;
import dev.scientistages.cli.Shutdown;
import dev.scientistages.cli.TopicsCommand;
import dev.scientistages.cli.Verb;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
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
      ProduceCommand.class,
      ConsumeCommand.class,
      RedriveCommand.class,
      TopicsCommand.class
    })
public final class Main implements Runnable {
  private static final Set<String> ROOT_ONLY = Set.of("-h", "--help", "-V", "--version");

  /** Verbs that live in the workshop's jars, named so that this jar can say where they are. */
  private static final Map<String, String> ELSEWHERE =
      Map.of(
          "demo", "the local toolkit's jar (scientist-ages.jar)",
          "bench", "the benchmark's jar (scientist-ages-bench.jar)");

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
    CommandLine cli = commandLine();
    if (args.length > 0
        && ELSEWHERE.containsKey(args[0])
        && !cli.getSubcommands().containsKey(args[0])) {
      cli.getErr()
          .println(
              cli.getColorScheme()
                  .errorText(
                      "Error: '"
                          + args[0]
                          + "' is not part of the processor; it is in "
                          + ELSEWHERE.get(args[0])
                          + ". This jar's verbs: "
                          + String.join(", ", cli.getSubcommands().keySet())));
      return ExitCode.USAGE.code();
    }
    return cli.execute(withDefaultVerb(args));
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    for (Verb verb : ServiceLoader.load(Verb.class)) {
      cli.addSubcommand(verb);
    }
    for (CommandLine command : commandsOf(cli)) {
      command
          .getCommandSpec()
          .usageMessage()
          .exitCodeListHeading("%nExit codes:%n")
          .exitCodeList(ExitCode.helpList());
    }
    cli.setExecutionExceptionHandler(
        (e, cmd, parseResult) -> {
          ExitCode code = ExitCode.of(e);
          if (code == ExitCode.FAILED) {
            throw e;
          }
          cmd.getErr().println(cmd.getColorScheme().errorText("Error: " + e.getMessage()));
          return code.code();
        });
    return cli;
  }

  private static List<CommandLine> commandsOf(CommandLine root) {
    List<CommandLine> all = new ArrayList<>(List.of(root));
    root.getSubcommands().values().forEach(sub -> all.addAll(commandsOf(sub)));
    return all;
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
