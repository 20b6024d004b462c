package dev.scientistages.cli;

import dev.scientistages.cluster.LeastAcls;
import dev.scientistages.config.Settings;
import dev.scientistages.runtime.ProcessorService;
import dev.scientistages.topics.AsyncApiExport;
import dev.scientistages.topics.StrimziExport;
import dev.scientistages.topics.TopicEnsurer;
import dev.scientistages.topics.TopicSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code topics}: the topics the topic files declare, on the cluster. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = {
      "Create or export the topics the topic files declare.",
      "The topic files are built into the jar, or in ages.topics.dir."
    },
    subcommands = {TopicsCommand.Create.class, TopicsCommand.Export.class})
public final class TopicsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Say what to do with the topics: topics create, or topics export");
  }

  /** {@code topics create}: what {@code run} does at start-up, alone, for a deploy step. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create the missing topics; check the others.",
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

  /**
   * {@code topics export --format strimzi}: the topics and the least ACLs as Kubernetes resources;
   * {@code --format asyncapi}: the topics and their records as an AsyncAPI document. Printed, so
   * that they are never written out a second time by hand.
   */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = {
        "Print the topics as Strimzi resources or as an AsyncAPI document.",
        "strimzi: the topics of the topic files (named as ages.topic.* say) as Strimzi KafkaTopic"
            + " resources, and a KafkaUser with the processor's least ACLs for its application.id"
            + " (docs/configuration.md, Secured clusters). Apply the output with kubectl; set"
            + " ages.topics.create=false for the processor then.",
        "asyncapi: the topics, their records' keys, values and headers (the JSON Schemas built"
            + " in) and the processor's operations as an AsyncAPI 3.0 document (docs/contracts.md).",
        "Connects to no cluster."
      })
  static final class Export implements Callable<Integer> {
    // Connects to no cluster, so it offers no cluster to name.
    @Mixin SettingsOptions sources;
    @Spec CommandSpec spec;

    @Option(
        names = "--format",
        required = true,
        paramLabel = "strimzi|asyncapi",
        description = "What to print: strimzi (Kubernetes resources) or asyncapi (a document).")
    String format;

    @Option(
        names = "--strimzi-cluster",
        paramLabel = "NAME",
        defaultValue = "my-cluster",
        description =
            "The Strimzi Kafka resource the topics and the user belong to (default:"
                + " ${DEFAULT-VALUE}).")
    String cluster;

    @Option(
        names = "--user",
        paramLabel = "NAME",
        description = "The KafkaUser's name (default: the application.id).")
    String user;

    @Option(
        names = "--authentication",
        paramLabel = "tls|scram-sha-512",
        defaultValue = "tls",
        description = "How the user authenticates (default: ${DEFAULT-VALUE}, mutual TLS).")
    String authentication;

    @Override
    public Integer call() {
      if (!List.of("strimzi", "asyncapi").contains(format)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--format: '" + format + "' is not one of [strimzi, asyncapi]");
      }
      if (!StrimziExport.AUTHENTICATIONS.contains(authentication)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--authentication: '"
                + authentication
                + "' is not one of "
                + StrimziExport.AUTHENTICATIONS);
      }
      Settings settings = sources.settings(Map.of());
      PrintWriter out = spec.commandLine().getOut();
      if (format.equals("asyncapi")) {
        out.print(
            AsyncApiExport.yaml(
                TopicEnsurer.resolve(settings), settings.applicationId(), version()));
        out.flush();
        return ExitCode.OK.code();
      }
      out.print(
          StrimziExport.yaml(
              TopicEnsurer.resolve(settings),
              LeastAcls.of(settings),
              cluster,
              user == null ? settings.applicationId() : user,
              authentication));
      out.flush();
      return ExitCode.OK.code();
    }

    /** The processor's version, from the root command's "scientist-ages 0.1.0". */
    private String version() {
      String[] lines = spec.root().version();
      String line = lines.length == 0 ? "" : lines[0];
      return line.substring(line.lastIndexOf(' ') + 1);
    }
  }
}
