package dev.scientistages.cli;

import dev.scientistages.cluster.ClusterAccessException;
import dev.scientistages.config.Settings;
import dev.scientistages.redrive.InvalidSelectionException;
import dev.scientistages.redrive.Redrive;
import dev.scientistages.redrive.RedriveAcls;
import dev.scientistages.redrive.RedriveSelection;
import dev.scientistages.redrive.RedriveSummary;
import dev.scientistages.topics.TopicEnsurer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code redrive}: dead letters back to the topic they came from, once their cause is fixed. */
@Command(
    name = "redrive",
    mixinStandardHelpOptions = true,
    description = {
      "Send dead letters back once their cause is fixed.",
      "Send dead letters back to the topic they came from (their __streams.errors.topic header,"
          + " or --to), with their original key, value, timestamp and headers (less the error"
          + " headers) and a header counting their redrives (scientist-ages.redrives).",
      "Exactly once and resumable: the sends and the redrive's position in the dead-letter topic"
          + " (consumer group <application.id>-redrive) commit in one transaction"
          + " (transactional id <application.id>-redrive; a second redrive of the same application"
          + " fences the first). Each dead letter is sent at most once, whatever the selection;"
          + " one a run leaves out stays for a later run that selects it. A run ends at the end"
          + " the topic had when it started.",
      "Exit 0 when every selected dead letter was sent (dry run: would be); 1 when some were"
          + " refused as loops or had no source topic."
    })
public final class RedriveCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;
  @Spec CommandSpec spec;

  @Option(
      names = "--reason",
      paramLabel = "CODE[,CODE...]",
      description = "Only dead letters with these reason codes (default: every reason).")
  List<String> reasons = new ArrayList<>();

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description = "Only dead letters with this key (the scientist's name); repeatable.")
  List<String> keys = new ArrayList<>();

  @Option(
      names = "--from",
      paramLabel = "TIME|P:OFFSET[,...]",
      description =
          "Only dead letters from this timestamp on (2024-05-01T12:00:00Z, or a date, UTC), or"
              + " from these offsets of the dead-letter topic's partitions (0:120,3:7).")
  String from;

  @Option(
      names = "--until",
      paramLabel = "TIME|P:OFFSET[,...]",
      description = "Only dead letters before this timestamp, or before these offsets.")
  String until;

  @Option(
      names = "--to",
      paramLabel = "TOPIC",
      description = "Send every selected dead letter to this topic instead of its source topic.")
  String to;

  @Option(
      names = "--max-redrives",
      paramLabel = "N",
      defaultValue = "3",
      converter = Bounded.Count.class,
      description =
          "Refuse, as a loop, a dead letter whose record was redriven N times already"
              + " (default ${DEFAULT-VALUE}).")
  int maxRedrives;

  @Option(
      names = "--dry-run",
      description =
          "Print what would be sent, by reason and topic; send nothing, move no position.")
  boolean dryRun;

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      converter = Bounded.Rate.class,
      description = "Send at most this many records a second (default: as fast as it can).")
  double rate;

  @Option(
      names = "--application-id",
      paramLabel = "ID",
      description =
          "The processor's application.id (default scientist-ages): names the redrive's group"
              + " and transactional id, <ID>-redrive.")
  String applicationId;

  @Mixin ProgressOption progress;

  @Override
  public Integer call() {
    Map<String, String> flags = new LinkedHashMap<>();
    if (applicationId != null) {
      flags.put("application.id", applicationId);
    }
    Settings settings = kafka.settings(flags);
    String bootstrap = KafkaOptions.clusterOrLocal(settings);
    Redrive.Request request = request(settings);
    List<String> topics = new ArrayList<>(List.of(request.deadLetterTopic()));
    if (request.to() != null) {
      topics.add(request.to());
    }
    TopicEnsurer.require(
        settings, bootstrap, topics, failure -> RedriveAcls.hint(failure, request));
    boolean showProgress = progress.shown();

    CountDownLatch finished = new CountDownLatch(1);
    AtomicBoolean stop = new AtomicBoolean();
    Shutdown shutdown =
        Shutdown.onSignal(
            () -> {
              // Ctrl-C or SIGTERM: commit what was sent, then stop (the next run goes on).
              stop.set(true);
              try {
                finished.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    try {
      RedriveSummary summary = redrive(settings, bootstrap, request, showProgress, stop);
      PrintWriter out = spec.commandLine().getOut();
      out.print(
          summary.format(
              (dryRun ? "Dry run of a redrive of '" : "Redrive of '")
                  + request.deadLetterTopic()
                  + "' at "
                  + bootstrap
                  + " (group "
                  + request.groupId()
                  + "): "
                  + request.selection().describe()
                  + (request.to() != null ? ", to '" + request.to() + "'" : "")
                  + "."));
      out.flush();
      return (summary.complete() ? ExitCode.OK : ExitCode.FAILED).code();
    } catch (Redrive.Failure e) {
      spec.commandLine().getErr().println("Error: " + e.getMessage());
      return ExitCode.FAILED.code();
    } catch (RuntimeException e) {
      if (shutdown.signalled()) {
        // The JVM ends once the hook returns, before the usual handler could report it.
        spec.commandLine().getErr().println("Error: " + e.getMessage());
      }
      throw e;
    } finally {
      // The summary is out: a signal's hook may let the JVM end now.
      finished.countDown();
      if (!Shutdown.inProgress()) {
        shutdown.cancel();
      }
    }
  }

  /** Runs the redrive; its failures as the other verbs report them. */
  private RedriveSummary redrive(
      Settings settings,
      String bootstrap,
      Redrive.Request request,
      boolean showProgress,
      AtomicBoolean stop) {
    try (Bar bar = new Bar(showProgress, request)) {
      return new Redrive(
              settings.consumerProperties(bootstrap), settings.producerProperties(bootstrap))
          .run(request, bar, stop::get);
    } catch (InvalidSelectionException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    } catch (Redrive.Failure e) {
      throw e;
    } catch (RuntimeException e) {
      throw ClusterAccessException.of(e, settings, bootstrap, RedriveAcls.hint(e, request))
          .orElseThrow(() -> e);
    }
  }

  /** The request the options make; a bad option fails here, before anything connects. */
  private Redrive.Request request(Settings settings) {
    String deadLetters = settings.deadLetterTopic();
    if (to != null) {
      try {
        Topic.validate(to);
      } catch (InvalidTopicException e) {
        throw usage("--to: " + e.getMessage());
      }
      if (to.equals(deadLetters)) {
        throw usage("--to: '" + to + "' is the dead-letter topic itself");
      }
    }
    Set<String> keySet = new TreeSet<>();
    for (String key : keys) {
      if (key.isEmpty()) {
        throw usage("--key: empty");
      }
      keySet.add(key);
    }
    RedriveSelection selection;
    try {
      selection =
          new RedriveSelection(
              RedriveSelection.parseReasons(reasons),
              keySet,
              from == null ? null : RedriveSelection.parseBound("--from", from),
              until == null ? null : RedriveSelection.parseBound("--until", until),
              to != null);
    } catch (InvalidSelectionException e) {
      throw usage(e.getMessage());
    }
    String id = Redrive.idOf(settings.applicationId());
    return new Redrive.Request(deadLetters, id, id, selection, to, maxRedrives, dryRun, rate);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** The progress bar, on a terminal or with --progress: shown once reading starts. */
  private static final class Bar implements Redrive.Progress, AutoCloseable {
    private final boolean show;
    private final Redrive.Request request;
    private ProgressBar bar;

    Bar(boolean show, Redrive.Request request) {
      this.show = show;
      this.request = request;
    }

    @Override
    public void start(long total) {
      if (show && total > 0) {
        bar =
            new ProgressBarBuilder()
                .setTaskName(
                    (request.dryRun() ? "dry run " : "redrive ") + request.deadLetterTopic())
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" offsets", 1)
                .showSpeed()
                .continuousUpdate()
                .build();
      }
    }

    @Override
    public void at(long done) {
      if (bar != null) {
        bar.stepTo(done);
      }
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }
}
