package dev.scientistages.cli;

import dev.scientistages.config.Settings;
import dev.scientistages.runtime.ProcessorService;
import dev.scientistages.topics.TopicEnsurer;
import dev.scientistages.topics.TopicSpec;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code topics}: the topics the topic files declare, on the cluster. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = "The topics of the topic files (built into the jar, or ages.topics.dir).",
    subcommands = {TopicsCommand.Create.class})
public final class TopicsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Say what to do with the topics: topics create");
  }

  /** {@code topics create}: what {@code run} does at start-up, alone, for a deploy step. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create the missing topics as the topic files declare them (named as ages.topic.* say)"
            + " and check the ones that exist. Idempotent: run it on every deploy.",
        "Needs CREATE on the topics, or on the cluster, and DESCRIBE on them."
      })
  static final class Create implements Callable<Integer> {
    @Mixin KafkaOptions kafka;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Settings settings = kafka.settings(Map.of(Settings.TOPICS_CREATE, "true"));
      String bootstrap = KafkaOptions.clusterOrLocal(settings);
      TopicEnsurer.Outcome outcome = ProcessorService.ensureTopics(settings, bootstrap);
      PrintWriter out = spec.commandLine().getOut();
      for (TopicSpec topic : outcome.topics()) {
        String state =
            outcome.created().contains(topic.name())
                ? "created"
                : outcome.underPartitioned().contains(topic.name())
                    ? "exists, with fewer partitions than declared"
                    : "exists";
        out.printf(
            "%s (%s, %d partitions): %s%n",
            topic.name(), topic.role().label(), topic.partitions(), state);
      }
      out.flush();
      return ExitCode.OK.code();
    }
  }
}
