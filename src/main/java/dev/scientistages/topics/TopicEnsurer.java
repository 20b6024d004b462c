package dev.scientistages.topics;

import dev.scientistages.config.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the application's topics exist before the stream starts: creates the missing ones from
 * their topic files (when {@value Settings#TOPICS_CREATE} is true), warns about an existing topic
 * with fewer partitions than its file asks for, and fails with a clear message when a topic is
 * missing and creation is off, or the cluster does not answer in time: never a hang.
 */
public final class TopicEnsurer {
  private static final Logger LOG = LoggerFactory.getLogger(TopicEnsurer.class);

  private final Admin admin;
  private final Duration timeout;

  public TopicEnsurer(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
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
   * Ensures the topics.
   *
   * @return the topics this call created
   * @throws TopicSetupException if a topic is missing and may not be created, or Kafka fails
   */
  public List<String> ensure(List<TopicSpec> specs, boolean create) {
    List<TopicSpec> missing = new ArrayList<>();
    Map<String, KafkaFuture<TopicDescription>> described =
        admin.describeTopics(specs.stream().map(TopicSpec::name).toList()).topicNameValues();
    for (TopicSpec spec : specs) {
      try {
        TopicDescription d = await(described.get(spec.name()), "describe topic " + spec.name());
        int actual = d.partitions().size();
        if (actual < spec.partitions()) {
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
      return List.of();
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
        // Another instance created it a moment ago: fine.
      }
    }
    LOG.info("Created topics {}", names);
    return names;
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
      throw new TopicSetupException(
          "Cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new TopicSetupException(
          "Cannot "
              + what
              + ": Kafka did not answer within "
              + timeout.toSeconds()
              + " s (is bootstrap.servers right, and the cluster up?)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TopicSetupException("Interrupted while trying to " + what, e);
    }
  }
}
