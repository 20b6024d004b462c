package dev.scientistages;

import dev.scientistages.cli.ConsumeCommand;
import dev.scientistages.cli.ExitCode;
import dev.scientistages.cli.ProduceCommand;
import dev.scientistages.cli.RedriveCommand;
import dev.scientistages.cli.RunCommand;
import dev.scientistages.cli.Shutdown;
import dev.scientistages.cli.TopicsCommand;
import dev.scientistages.cli.UsageErrors;
import dev.scientistages.cli.Verb;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The command line: wiring only. With no verb it lists the verbs. */
@Command(
    name = "scientist-ages",
    mixinStandardHelpOptions = true,
    version = "scientist-ages 0.1.0",
    description = "Kafka Streams processor: scientists {name, born} -> ages {name, age}.",
    synopsisSubcommandLabel = "VERB",
    commandListHeading = "%nVerbs:%n",
    subcommands = {
      RunCommand.class,
      ProduceCommand.class,
      ConsumeCommand.class,
      RedriveCommand.class,
      TopicsCommand.class
    })
public final class Main implements Callable<Integer> {
  /** Verbs that live in the workshop's jars, named so that this jar can say where they are. */
  private static final Map<String, String> ELSEWHERE =
      Map.of(
          "demo", "the local toolkit's jar (scientist-ages.jar)",
          "bench", "the benchmark's jar (scientist-ages-bench.jar)");

  @Spec CommandSpec spec;

  /** No verb: the verbs, one line each, as a usage error (a script that forgot one fails). */
  @Override
  public Integer call() {
    CommandLine cli = spec.commandLine();
    Help help = cli.getHelp();
    PrintWriter err = cli.getErr();
    err.print(help.synopsisHeading());
    err.print(help.synopsis(0));
    err.print(help.commandListHeading());
    err.print(help.commandList());
    err.printf("%nName a verb; 'scientist-ages help VERB' shows its options.%n");
    err.flush();
    return ExitCode.USAGE.code();
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
    String verb =
        args.length > 1 && args[0].equals("help") ? args[1] : args.length > 0 ? args[0] : "";
    if (ELSEWHERE.containsKey(verb) && !cli.getSubcommands().containsKey(verb)) {
      cli.getErr()
          .println(
              cli.getColorScheme()
                  .errorText(
                      "Error: '"
                          + verb
                          + "' is not part of the processor; it is in "
                          + ELSEWHERE.get(verb)
                          + ". This jar's verbs: "
                          + String.join(", ", cli.getSubcommands().keySet())));
      return ExitCode.USAGE.code();
    }
    return cli.execute(args);
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
    cli.addSubcommand(new HelpCommand());
    cli.setExecutionExceptionHandler(
        (e, cmd, parseResult) -> {
          ExitCode code = ExitCode.of(e);
          if (code == ExitCode.FAILED) {
            throw e;
          }
          cmd.getErr().println(cmd.getColorScheme().errorText("Error: " + e.getMessage()));
          return code.code();
        });
    cli.setParameterExceptionHandler(new UsageErrors());
    cli.setUsageHelpAutoWidth(true);
    return cli;
  }

  private static List<CommandLine> commandsOf(CommandLine root) {
    List<CommandLine> all = new ArrayList<>(List.of(root));
    root.getSubcommands().values().forEach(sub -> all.addAll(commandsOf(sub)));
    return all;
  }
}
