package dev.scientistages.cluster;

import dev.scientistages.config.Settings;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs the processor needs on a secured cluster, and no more: the table of
 * docs/configuration.md (Secured clusters), in the one place that {@code topics export} and the
 * secured-cluster tests read it from. READ and WRITE imply DESCRIBE; an idempotent producer needs
 * no IDEMPOTENT_WRITE on the cluster since Kafka 3.0.
 */
public final class LeastAcls {
  /** Each ACL, by what it is for. */
  public enum Need {
    /** Consuming the input; DESCRIBE (implied) serves the start-up topic check and /ready. */
    INPUT_READ,
    /** Producing the ages. */
    OUTPUT_WRITE,
    /** Producing dead letters. */
    DEAD_LETTER_WRITE,
    /** The consumer group (= application.id): joining it, committing offsets. */
    GROUP_READ,
    /** exactly_once_v2: each stream thread's transactional id starts with the application.id. */
    TRANSACTIONAL_ID_WRITE
  }

  /**
   * One ACL: an operation allowed on a resource.
   *
   * @param name the resource's name, or its prefix when {@code pattern} is PREFIXED
   */
  public record Grant(ResourceType type, String name, PatternType pattern, AclOperation operation) {
    /** An operation allowed on the resource of exactly this name. */
    public static Grant literal(ResourceType type, String name, AclOperation operation) {
      return new Grant(type, name, PatternType.LITERAL, operation);
    }

    /** The binding that allows this to {@code principal} from any host. */
    public AclBinding allow(String principal) {
      return new AclBinding(
          new ResourcePattern(type, name, pattern),
          new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
  }

  private LeastAcls() {}

  /** The least ACLs for these settings' application.id and topics. */
  public static Map<Need, Grant> of(Settings settings) {
    return of(
        settings.applicationId(),
        settings.inputTopic(),
        settings.outputTopic(),
        settings.deadLetterTopic());
  }

  /** The least ACLs for this application.id and these topics. */
  public static Map<Need, Grant> of(
      String applicationId, String input, String output, String deadLetters) {
    Map<Need, Grant> acls = new EnumMap<>(Need.class);
    acls.put(Need.INPUT_READ, Grant.literal(ResourceType.TOPIC, input, AclOperation.READ));
    acls.put(Need.OUTPUT_WRITE, Grant.literal(ResourceType.TOPIC, output, AclOperation.WRITE));
    acls.put(
        Need.DEAD_LETTER_WRITE, Grant.literal(ResourceType.TOPIC, deadLetters, AclOperation.WRITE));
    acls.put(Need.GROUP_READ, Grant.literal(ResourceType.GROUP, applicationId, AclOperation.READ));
    acls.put(
        Need.TRANSACTIONAL_ID_WRITE,
        new Grant(
            ResourceType.TRANSACTIONAL_ID,
            applicationId,
            PatternType.PREFIXED,
            AclOperation.WRITE));
    return acls;
  }

  /** What creating the topics adds ({@code ages.topics.create=true}): CREATE on each of them. */
  public static List<Grant> topicCreation(Settings settings) {
    return topicCreation(settings.inputTopic(), settings.outputTopic(), settings.deadLetterTopic());
  }

  /** CREATE on each of these topics. */
  public static List<Grant> topicCreation(String input, String output, String deadLetters) {
    return List.of(input, output, deadLetters).stream()
        .map(topic -> Grant.literal(ResourceType.TOPIC, topic, AclOperation.CREATE))
        .toList();
  }
}
