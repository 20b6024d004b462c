package dev.scientistages.redrive;

import dev.scientistages.cluster.LeastAcls.Grant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least ACLs of the {@code redrive} verb, a client of its own (docs/redrive.md, ACLs), and the
 * one a refusal points to. The processor's own ACLs are {@link
 * dev.scientistages.cluster.LeastAcls}.
 */
public final class RedriveAcls {
  /** Each ACL of the redrive, by what it is for. */
  public enum Need {
    /** Reading the dead letters. */
    DEAD_LETTER_READ,
    /** Sending them back to the topic they came from (or {@code --to}). */
    TARGET_WRITE,
    /** Its position: its own consumer group, {@code <application.id>-redrive}. */
    GROUP_READ,
    /** Its transactional producer, id {@code <application.id>-redrive}. */
    TRANSACTIONAL_ID_WRITE
  }

  private RedriveAcls() {}

  /** The least ACLs of {@code redrive} for this application.id, sending back to {@code target}. */
  public static Map<Need, Grant> of(String applicationId, String deadLetters, String target) {
    String id = Redrive.idOf(applicationId);
    Map<Need, Grant> acls = new EnumMap<>(Need.class);
    acls.put(
        Need.DEAD_LETTER_READ, Grant.literal(ResourceType.TOPIC, deadLetters, AclOperation.READ));
    acls.put(Need.TARGET_WRITE, Grant.literal(ResourceType.TOPIC, target, AclOperation.WRITE));
    acls.put(Need.GROUP_READ, Grant.literal(ResourceType.GROUP, id, AclOperation.READ));
    acls.put(
        Need.TRANSACTIONAL_ID_WRITE,
        Grant.literal(ResourceType.TRANSACTIONAL_ID, id, AclOperation.WRITE));
    return acls;
  }

  /**
   * The ACL a refusal points to: READ on the dead-letter topic, WRITE on a target, READ on the
   * group, WRITE on the transactional id; all four when the failure does not say which.
   */
  public static String hint(Throwable failure, Redrive.Request request) {
    String all =
        "redrive needs READ on topic '"
            + request.deadLetterTopic()
            + "', WRITE on the topics it sends to, READ on group '"
            + request.groupId()
            + "' and WRITE on transactional id '"
            + request.transactionalId()
            + "'";
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TransactionalIdAuthorizationException) {
        return "redrive needs WRITE on transactional id '" + request.transactionalId() + "'";
      }
      if (t instanceof GroupAuthorizationException) {
        return "redrive needs READ on group '" + request.groupId() + "'";
      }
      if (t instanceof TopicAuthorizationException topics) {
        Set<String> denied = new TreeSet<>(topics.unauthorizedTopics());
        if (denied.contains(request.deadLetterTopic())) {
          return "redrive needs READ on topic '" + request.deadLetterTopic() + "'";
        }
        if (!denied.isEmpty()) {
          return "redrive needs WRITE on topic"
              + (denied.size() > 1 ? "s " : " ")
              + String.join(", ", denied.stream().map(d -> "'" + d + "'").toList());
        }
        return all;
      }
    }
    return all;
  }
}
