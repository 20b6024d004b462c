package dev.scientistages.topics;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One topic as a topic file declares it.
 *
 * @param role what the application uses it for
 * @param name the topic's name (the file's; a setting may rename the topic of a role)
 * @param partitions how many partitions to create it with, and the least it should have
 * @param replicationFactor empty = the broker's {@code default.replication.factor}
 * @param configs topic configs ({@code config.*} keys of the file, without the prefix)
 */
public record TopicSpec(
    Role role,
    String name,
    int partitions,
    Optional<Short> replicationFactor,
    Map<String, String> configs) {

  /** What the application uses a topic for. */
  public enum Role {
    INPUT("input"),
    OUTPUT("output"),
    DEAD_LETTER("dead-letter");

    private final String label;

    Role(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    static Optional<Role> ofLabel(String label) {
      for (Role r : values()) {
        if (r.label.equals(label)) {
          return Optional.of(r);
        }
      }
      return Optional.empty();
    }
  }

  public TopicSpec {
    configs = Map.copyOf(configs);
  }

  /** The same declaration for a topic of another name. */
  public TopicSpec named(String newName) {
    return new TopicSpec(role, newName, partitions, replicationFactor, configs);
  }

  public NewTopic toNewTopic() {
    return new NewTopic(name, Optional.of(partitions), replicationFactor).configs(configs);
  }
}
