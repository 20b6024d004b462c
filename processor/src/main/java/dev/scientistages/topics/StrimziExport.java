package dev.scientistages.topics;

import dev.scientistages.cluster.LeastAcls;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The topics and the least ACLs as Strimzi resources: one {@code KafkaTopic} per topic file and a
 * {@code KafkaUser} whose simple authorization is {@link LeastAcls}, so that a Kubernetes cluster
 * run by Strimzi gets them from the same source as {@code topics create} and docs/configuration.md.
 *
 * <p>YAML by hand: the shape is fixed and small, and the text reads as a person would write it.
 */
public final class StrimziExport {
  /** Strimzi's current API version (0.49 and later; older operators know only v1beta2). */
  public static final String API_VERSION = "kafka.strimzi.io/v1";

  /** The label that tells Strimzi's operators which Kafka cluster a resource belongs to. */
  public static final String CLUSTER_LABEL = "strimzi.io/cluster";

  /** The KafkaUser's authentication types that this export knows. */
  public static final List<String> AUTHENTICATIONS = List.of("tls", "scram-sha-512");

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9._/-]*");
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
  private static final List<String> YAML_WORDS =
      List.of("true", "false", "null", "yes", "no", "on", "off", "y", "n", "~");

  private StrimziExport() {}

  /**
   * The YAML documents: the topics in the order given, then the user.
   *
   * @param cluster the name of Strimzi's {@code Kafka} resource
   * @param user the KafkaUser's name (its principal is {@code CN=user} with tls)
   * @param authentication one of {@link #AUTHENTICATIONS}
   */
  public static String yaml(
      List<TopicSpec> topics,
      Map<LeastAcls.Need, LeastAcls.Grant> acls,
      String cluster,
      String user,
      String authentication) {
    if (!AUTHENTICATIONS.contains(authentication)) {
      throw new IllegalArgumentException(
          "authentication '" + authentication + "' is not one of " + AUTHENTICATIONS);
    }
    StringBuilder y = new StringBuilder();
    y.append("# Printed by `topics export --format strimzi`: the topic files' topics and the\n");
    y.append("# processor's least ACLs. Change those and print it again; do not edit it here.\n");
    for (TopicSpec topic : topics) {
      header(y, "KafkaTopic", resourceName(topic.name()), cluster);
      y.append("spec:\n");
      y.append("  topicName: ").append(scalar(topic.name())).append('\n');
      y.append("  partitions: ").append(topic.partitions()).append('\n');
      topic.replicationFactor().ifPresent(r -> y.append("  replicas: ").append(r).append('\n'));
      if (!topic.configs().isEmpty()) {
        y.append("  config:\n");
        new TreeMap<>(topic.configs())
            .forEach(
                (k, v) -> y.append("    ").append(k).append(": ").append(scalar(v)).append('\n'));
      }
    }
    header(y, "KafkaUser", resourceName(user), cluster);
    y.append("spec:\n");
    y.append("  authentication:\n    type: ").append(authentication).append('\n');
    y.append("  authorization:\n    type: simple\n    acls:\n");
    for (LeastAcls.Grant grant : acls.values()) {
      y.append("      - resource:\n");
      y.append("          type: ").append(resourceType(grant.type())).append('\n');
      y.append("          name: ").append(scalar(grant.name())).append('\n');
      y.append("          patternType: ").append(patternType(grant.pattern())).append('\n');
      y.append("        operations:\n");
      y.append("          - ").append(operation(grant.operation())).append('\n');
      y.append("        host: \"*\"\n");
    }
    return y.toString();
  }

  private static void header(StringBuilder y, String kind, String name, String cluster) {
    y.append("---\n");
    y.append("apiVersion: ").append(API_VERSION).append('\n');
    y.append("kind: ").append(kind).append('\n');
    y.append("metadata:\n");
    y.append("  name: ").append(scalar(name)).append('\n');
    y.append("  labels:\n");
    y.append("    ").append(CLUSTER_LABEL).append(": ").append(scalar(cluster)).append('\n');
    y.append("    app.kubernetes.io/part-of: scientist-ages\n");
  }

  /**
   * A Kubernetes object name for a Kafka name: lower case, '_' as '-' (Kubernetes allows neither
   * capitals nor underscores); the topic keeps its own name in {@code spec.topicName}.
   */
  static String resourceName(String kafkaName) {
    return kafkaName.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** A YAML scalar: plain when it reads back as the same string or integer, else quoted. */
  static String scalar(String value) {
    if (INTEGER.matcher(value).matches()
        || (PLAIN.matcher(value).matches()
            && !YAML_WORDS.contains(value.toLowerCase(Locale.ROOT)))) {
      return value;
    }
    StringBuilder q = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        default -> {
          if (c < 0x20) {
            q.append(String.format("\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }

  private static String resourceType(ResourceType type) {
    return switch (type) {
      case TOPIC -> "topic";
      case GROUP -> "group";
      case TRANSACTIONAL_ID -> "transactionalId";
      case CLUSTER -> "cluster";
      default -> throw new IllegalArgumentException("Strimzi has no ACL resource type " + type);
    };
  }

  private static String patternType(PatternType pattern) {
    return switch (pattern) {
      case LITERAL -> "literal";
      case PREFIXED -> "prefix";
      default -> throw new IllegalArgumentException("Strimzi has no ACL pattern type " + pattern);
    };
  }

  /** Kafka's READ as Strimzi's Read, TRANSACTIONAL_ID... as its camel case. */
  private static String operation(AclOperation operation) {
    StringBuilder out = new StringBuilder();
    for (String word : operation.name().split("_")) {
      out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }
}
