package dev.scientistages.cluster;

import dev.scientistages.config.Settings;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * The cluster refused this application: its credentials or its TLS setup (authentication), or its
 * permissions (authorization: a missing ACL). No retry can cure that, so the process stops with a
 * message that names the cause, the user and what to check. It never carries a secret: only the
 * user name is read from {@code sasl.jaas.config}.
 */
public final class ClusterAccessException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private static final Pattern USERNAME = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

  private ClusterAccessException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The access failure in this failure's cause chain, explained for these settings; empty when the
   * failure is not about access.
   */
  public static Optional<ClusterAccessException> of(
      Throwable failure, Settings settings, String bootstrapServers) {
    return of(
        failure,
        settings,
        bootstrapServers,
        "Grant the ACLs the application needs (docs/configuration.md, Secured clusters) for"
            + " application.id '"
            + settings.applicationId()
            + "'");
  }

  /**
   * As {@link #of(Throwable, Settings, String)}, for a client that is not the stream processor:
   * {@code grantHint} says which ACLs that client needs, e.g. READ on the topic it reads.
   */
  public static Optional<ClusterAccessException> of(
      Throwable failure, Settings settings, String bootstrapServers, String grantHint) {
    return accessCause(failure)
        .map(
            t ->
                new ClusterAccessException(
                    explain(
                        t == failure ? "" : contextOf(failure, t),
                        t,
                        settings,
                        bootstrapServers,
                        grantHint),
                    t));
  }

  /** Whether an authentication or authorization failure is in this failure's cause chain. */
  public static boolean isAccessFailure(Throwable failure) {
    return accessCause(failure).isPresent();
  }

  private static Optional<Throwable> accessCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** What was being done, as the outermost failure says, without the cause's own words. */
  private static String contextOf(Throwable outer, Throwable cause) {
    String context = String.valueOf(outer.getMessage()).strip();
    String causeMessage = String.valueOf(cause.getMessage()).strip();
    // A wrapper's message is often the cause's toString(): class name, colon, message.
    for (String repeated : new String[] {causeMessage, ":", cause.getClass().getName(), ":"}) {
      if (context.endsWith(repeated)) {
        context = context.substring(0, context.length() - repeated.length()).strip();
      }
    }
    return context.isEmpty() || context.equals("null") ? "" : context + ": ";
  }

  private static String explain(
      String context,
      Throwable cause,
      Settings settings,
      String bootstrapServers,
      String grantHint) {
    String protocol =
        Optional.ofNullable(settings.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG))
            .orElse(CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL);
    String mechanism =
        Optional.ofNullable(settings.get(SaslConfigs.SASL_MECHANISM))
            .orElse(SaslConfigs.DEFAULT_SASL_MECHANISM);
    String who =
        user(settings)
            .map(u -> "user '" + u + "'")
            .orElse(
                !protocol.equals("SSL")
                    ? "this client"
                    : hasClientCertificate(settings)
                        ? "the client certificate's principal"
                        : "User:ANONYMOUS (TLS without a client certificate)");
    String said =
        context + cause.getClass().getSimpleName() + ": " + withoutFinalDot(cause.getMessage());
    String kafka = said;
    if (cause instanceof TopicAuthorizationException t
        && !t.unauthorizedTopics().stream().allMatch(topic -> names(said, topic))) {
      kafka += " (topics " + new TreeSet<>(t.unauthorizedTopics()) + ")";
    }
    if (cause instanceof SslAuthenticationException) {
      return "TLS handshake with the cluster at "
          + bootstrapServers
          + " failed (security.protocol="
          + protocol
          + "): "
          + kafka
          + ". Check ssl.truststore.* (it must trust the brokers' certificates) and, for mutual"
          + " TLS, ssl.keystore.*";
    }
    if (cause instanceof AuthenticationException) {
      return "Authentication failed at "
          + bootstrapServers
          + " for "
          + who
          + " (security.protocol="
          + protocol
          + ", sasl.mechanism="
          + mechanism
          + "): "
          + kafka
          + ". Check the user name and password in sasl.jaas.config and sasl.mechanism";
    }
    return "Not authorized at " + bootstrapServers + " as " + who + ": " + kafka + ". " + grantHint;
  }

  /** Whether the text names the topic as a whole (not as a part of another topic's name). */
  private static boolean names(String text, String topic) {
    return Pattern.compile("(?<![\\w.-])" + Pattern.quote(topic) + "(?![\\w.-])")
        .matcher(text)
        .find();
  }

  /** A keystore file, or a PEM certificate chain given inline. */
  private static boolean hasClientCertificate(Settings settings) {
    return settings.get(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG) != null
        || settings.get(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG) != null;
  }

  private static String withoutFinalDot(String message) {
    String m = String.valueOf(message).strip();
    while (m.endsWith(".")) {
      m = m.substring(0, m.length() - 1);
    }
    return m;
  }

  private static Optional<String> user(Settings settings) {
    String jaas = settings.get(SaslConfigs.SASL_JAAS_CONFIG);
    if (jaas == null) {
      return Optional.empty();
    }
    Matcher m = USERNAME.matcher(jaas);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
