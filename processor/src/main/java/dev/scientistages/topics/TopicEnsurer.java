package dev.scientistages.topics;

import dev.scientistages.cluster.ClusterAccessException;
import dev.scientistages.config.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the application's topics exist before the stream starts: creates the missing ones from
 * their topic files (when {@value Settings#TOPICS_CREATE} is true), warns about an existing topic
 * with fewer partitions than its file asks for, and fails with a clear message when a topic is
 * missing and creation is off, or the cluster does not answer in time: never a hang. The client
 * verbs make the same check, up front, of the topics they use ({@link #require}).
 */
public final class TopicEnsurer {
  private static final Logger LOG = LoggerFactory.getLogger(TopicEnsurer.class);

  private final Admin admin;
  private final Duration timeout;
  private final String cluster;

  public TopicEnsurer(Admin admin, Duration timeout) {
    this(admin, timeout, "Kafka");
  }

  /**
   * @param cluster how messages name the cluster, e.g. {@code the cluster at host:9092}
   */
  public TopicEnsurer(Admin admin, Duration timeout, String cluster) {
    this.admin = admin;
    this.timeout = timeout;
    this.cluster = cluster;
  }

  /**
   * Ensures the application's topics on this cluster, bounded by {@value Settings#CLUSTER_TIMEOUT}:
   * what {@code run} and {@code topics create} do first.
   */
  public static Outcome ensure(Settings settings, String bootstrapServers) {
    List<TopicSpec> specs = resolve(settings);
    Outcome outcome =
        withAdmin(
            settings,
            bootstrapServers,
            ensurer -> {
              Outcome o = ensurer.ensure(specs, settings.topicsCreate());
              // Described again, not from ensure's look: a topic it just created with
              // replication.factor=default has the factor the cluster chose, known only now.
              ReplicationCheck.warnIfUnsafe(
                  ensurer.admin,
                  specs.stream().map(TopicSpec::name).toList(),
                  settings.exactlyOnce(),
                  settings.clusterTimeout());
              return o;
            },
            // Wrong credentials or a missing ACL show up here first: say so, not "not ready".
            e -> ClusterAccessException.of(e, settings, bootstrapServers));
    LOG.info("Topics ready: {}", specs.stream().map(TopicSpec::name).toList());
    return outcome;
  }

  /**
   * Fails fast, before a client verb does any work, unless the cluster answers within {@value
   * Settings#CLUSTER_TIMEOUT} and each of these topics exists (none: the cluster answering is
   * enough). The verb creates no topic, so a missing one is named, not waited for.
   *
   * @param grantHint the ACLs the verb needs, for an access failure
   * @throws TopicSetupException if the cluster does not answer or a topic is missing
   * @throws ClusterAccessException if the cluster refuses the credentials or the verb's ACLs
   */
  public static void require(
      Settings settings,
      String bootstrapServers,
      List<String> topics,
      Function<Throwable, String> grantHint) {
    withAdmin(
        settings,
        bootstrapServers,
        ensurer -> {
          ensurer.requireExisting(topics);
          return null;
        },
        e -> ClusterAccessException.of(e, settings, bootstrapServers, grantHint.apply(e)));
  }

  private static <T> T withAdmin(
      Settings settings,
      String bootstrapServers,
      Function<TopicEnsurer, T> work,
      Function<RuntimeException, Optional<ClusterAccessException>> access) {
    Duration timeout = settings.clusterTimeout();
    Properties props = settings.adminProperties(bootstrapServers);
    // Calls still in flight end with the bound, so that closing the client cannot outlast it; the
    // client refuses an API timeout below its request timeout.
    props.putIfAbsent(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    long request =
        Long.parseLong(props.get(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG).toString());
    props.putIfAbsent(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
        Long.toString(Math.max(request, timeout.toMillis())));
    Admin admin = Admin.create(props);
    try {
      return work.apply(new TopicEnsurer(admin, timeout, "the cluster at " + bootstrapServers));
    } catch (RuntimeException e) {
      throw access.apply(e).orElseThrow(() -> e);
    } finally {
      admin.close(Duration.ofSeconds(1));
    }
  }

  /** The topic declarations for these settings: from the files, renamed as the settings say. */
  public static List<TopicSpec> resolve(Settings settings) {
    Map<TopicSpec.Role, TopicSpec> files =
        settings.topicsDir().map(TopicFiles::load).orElseGet(TopicFiles::loadBuiltIn);
    return List.of(
        files.get(TopicSpec.Role.INPUT).named(settings.inputTopic()),
        files.get(TopicSpec.Role.OUTPUT).named(settings.outputTopic()),
        files.get(TopicSpec.Role.DEAD_LETTER).named(settings.deadLetterTopic()));
  }

  /**
   * What {@link #ensure} found and did.
   *
   * @param topics the topics it ensured, as declared
   * @param created the topics it created
   * @param underPartitioned existing topics with fewer partitions than their files declare
   */
  public record Outcome(
      List<TopicSpec> topics, List<String> created, List<String> underPartitioned) {}

  /**
   * Ensures the topics.
   *
   * @throws TopicSetupException if a topic is missing and may not be created, or Kafka fails
   */
  public Outcome ensure(List<TopicSpec> specs, boolean create) {
    List<TopicSpec> missing = new ArrayList<>();
    List<String> underPartitioned = new ArrayList<>();
    Map<String, KafkaFuture<TopicDescription>> described =
        admin.describeTopics(specs.stream().map(TopicSpec::name).toList()).topicNameValues();
    for (TopicSpec spec : specs) {
      try {
        TopicDescription d = describe(described, spec.name());
        int actual = d.partitions().size();
        if (actual < spec.partitions()) {
          underPartitioned.add(spec.name());
          LOG.warn(
              "Topic '{}' has {} partitions, fewer than the {} its topic file declares: at most {}"
                  + " stream threads over all instances will get work",
              spec.name(),
              actual,
              spec.partitions(),
              actual);
        }
      } catch (UnknownTopicOrPartitionException e) {
        missing.add(spec);
      }
    }
    if (missing.isEmpty()) {
      return new Outcome(specs, List.of(), underPartitioned);
    }
    if (!create) {
      throw new TopicSetupException(
          "Topic(s) "
              + missing.stream().map(s -> "'" + s.name() + "' (" + s.role().label() + ")").toList()
              + " do not exist and "
              + Settings.TOPICS_CREATE
              + " is false: create them (see the topic files) or set "
              + Settings.TOPICS_CREATE
              + "=true");
    }
    Map<String, KafkaFuture<Void>> created =
        admin.createTopics(missing.stream().map(TopicSpec::toNewTopic).toList()).values();
    List<String> names = new ArrayList<>();
    for (TopicSpec spec : missing) {
      try {
        await(created.get(spec.name()), "create topic " + spec.name());
        names.add(spec.name());
      } catch (TopicExistsException e) {
        // Another instance created it a moment ago: fine, once this broker knows it too.
      }
    }
    awaitVisible(missing.stream().map(TopicSpec::name).toList());
    if (!names.isEmpty()) {
      LOG.info("Created topics {}", names);
    }
    return new Outcome(specs, names, underPartitioned);
  }

  /**
   * Fails unless the cluster answers and each of these topics exists; with none, asks the cluster
   * who it is.
   *
   * @throws TopicSetupException naming the missing topics, or the cluster that did not answer
   */
  public void requireExisting(List<String> names) {
    if (names.isEmpty()) {
      await(admin.describeCluster().clusterId(), "connect");
      return;
    }
    Map<String, KafkaFuture<TopicDescription>> described =
        admin.describeTopics(names).topicNameValues();
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      try {
        describe(described, name);
      } catch (UnknownTopicOrPartitionException e) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      String listed = String.join(", ", missing.stream().map(n -> "'" + n + "'").toList());
      throw new TopicSetupException(
          (missing.size() == 1 ? "Topic " + listed + " does not" : "Topics " + listed + " do not")
              + " exist on "
              + cluster
              + ": create "
              + (missing.size() == 1 ? "it" : "them")
              + " first (topics create makes the ones the topic files declare), or name another");
    }
  }

  private TopicDescription describe(
      Map<String, KafkaFuture<TopicDescription>> described, String name) {
    try {
      return await(described.get(name), "describe topic " + name);
    } catch (TopicSetupException e) {
      // The admin client's refusal names no topic: name it, so that a hint can say which ACL.
      if (e.getCause() instanceof TopicAuthorizationException t
          && t.unauthorizedTopics().isEmpty()) {
        throw new TopicSetupException(
            e.getMessage(), new TopicAuthorizationException(t.getMessage(), Set.of(name)));
      }
      throw e;
    }
  }

  /** Waits until the new topics' metadata has reached the broker that answers describe calls. */
  private void awaitVisible(List<String> names) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String name : names) {
      while (true) {
        try {
          await(
              admin.describeTopics(List.of(name)).topicNameValues().get(name), "describe " + name);
          break;
        } catch (UnknownTopicOrPartitionException e) {
          if (System.nanoTime() > deadline) {
            throw new TopicSetupException(
                "Topic '"
                    + name
                    + "' exists but is still unknown to the broker after "
                    + said(timeout));
          }
          try {
            Thread.sleep(50);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new TopicSetupException("Interrupted while waiting for topic " + name, ie);
          }
        }
      }
    }
  }

  private TopicSetupException notAnswering(String what, Throwable cause) {
    return new TopicSetupException(
        "Cannot "
            + what
            + ": "
            + cluster
            + " did not answer within "
            + said(timeout)
            + " (is bootstrap.servers right, and the cluster up?)",
        cause);
  }

  /** A bound as a reader would write it: 30 s, or 2500 ms. */
  private static String said(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private <T> T await(KafkaFuture<T> future, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException u) {
        throw u;
      }
      if (e.getCause() instanceof TopicExistsException t) {
        throw t;
      }
      // The client's own deadline (default.api.timeout.ms) may end the call first.
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw notAnswering(what, e.getCause());
      }
      throw new TopicSetupException(
          "Cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw notAnswering(what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TopicSetupException("Interrupted while trying to " + what, e);
    }
  }
}
