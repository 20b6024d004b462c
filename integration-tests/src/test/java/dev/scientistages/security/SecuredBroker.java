package dev.scientistages.security;

import dev.scientistages.toolkit.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * A real broker as a secured production cluster has it: one client listener with TLS (a certificate
 * for {@code 127.0.0.1} made here with the JDK's {@code keytool}) and ACLs enforced by KRaft's
 * {@code StandardAuthorizer} (nothing is allowed without an ACL). Clients authenticate either with
 * SASL/SCRAM-SHA-512 over TLS ({@link #scram}) or with their own certificate, mutual TLS ({@link
 * #mutualTls}).
 *
 * <p>The broker itself is a super user: towards its controller as {@value #ADMIN} over
 * SASL_PLAINTEXT with PLAIN (a KRaft controller cannot check SCRAM credentials, they live in the
 * metadata it serves), and on the client listener as {@value #ADMIN} (SCRAM, the credential written
 * when the storage is formatted, so that it exists before anyone connects) or as its certificate's
 * subject (mTLS).
 */
final class SecuredBroker implements AutoCloseable {
  static final String ADMIN = "admin";
  static final String MECHANISM = "SCRAM-SHA-512";
  private static final String BROKER_SUBJECT = "CN=127.0.0.1";

  private final EmbeddedKafka kafka;
  private final SecurityProtocol protocol;
  private final Path dir;
  private final Path truststore;
  private final String storePassword;
  private final String brokerPassword;
  private final Map<String, String> passwords;

  /** TLS without a client certificate: every client but the admin is {@code User:ANONYMOUS}. */
  private final boolean anonymous;

  private SecuredBroker(
      EmbeddedKafka kafka,
      SecurityProtocol protocol,
      Path dir,
      String storePassword,
      String brokerPassword,
      Map<String, String> passwords,
      boolean anonymous) {
    this.kafka = kafka;
    this.protocol = protocol;
    this.dir = dir;
    this.truststore = dir.resolve("truststore.p12");
    this.storePassword = storePassword;
    this.brokerPassword = brokerPassword;
    this.passwords = passwords;
    this.anonymous = anonymous;
  }

  /**
   * A SASL_SSL listener with SCRAM-SHA-512; the admin and these users (name → password) exist.
   *
   * @param dir a directory for the key and trust stores
   * @param storePassword the password of the clients' truststore
   */
  static SecuredBroker scram(Path dir, Map<String, String> users, String storePassword)
      throws IOException, InterruptedException {
    Map<String, String> passwords = new LinkedHashMap<>(users);
    passwords.put(ADMIN, throwaway());
    List<String> format = new ArrayList<>();
    passwords.forEach(
        (name, password) -> {
          format.add("--add-scram");
          format.add(MECHANISM + "=[name=" + name + ",password=" + password + "]");
        });
    String brokerPassword = throwaway();
    EmbeddedKafka.Builder builder =
        tls(dir, storePassword, brokerPassword, List.of(), SecurityProtocol.SASL_SSL)
            .property("listener.name.controller.plain.sasl.jaas.config", plainJaas(passwords))
            .property("listener.name.sasl_ssl.sasl.enabled.mechanisms", MECHANISM)
            .property("sasl.mechanism.inter.broker.protocol", MECHANISM)
            .property(
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                scramJaas(ADMIN, passwords.get(ADMIN)))
            .property("super.users", "User:" + ADMIN)
            .formatArguments(format.toArray(String[]::new));
    return new SecuredBroker(
        builder.start(),
        SecurityProtocol.SASL_SSL,
        dir,
        storePassword,
        brokerPassword,
        passwords,
        false);
  }

  /**
   * An SSL listener that requires a client certificate: each of these users gets a keystore with a
   * certificate whose subject is {@code CN=<user>}, its principal {@code User:CN=<user>}.
   */
  static SecuredBroker mutualTls(Path dir, List<String> users, String storePassword)
      throws IOException, InterruptedException {
    return ssl(dir, users, storePassword, false);
  }

  /**
   * An SSL listener that encrypts and proves the broker's identity, and asks the clients for none:
   * a client without a certificate is {@code User:ANONYMOUS}. The admin still shows the broker's
   * certificate (the listener requests one), which makes it a super user.
   */
  static SecuredBroker tlsOnly(Path dir, String storePassword)
      throws IOException, InterruptedException {
    return ssl(dir, List.of(), storePassword, true);
  }

  private static SecuredBroker ssl(
      Path dir, List<String> users, String storePassword, boolean anonymous)
      throws IOException, InterruptedException {
    String brokerPassword = throwaway();
    Map<String, String> passwords = Map.of(ADMIN, throwaway());
    EmbeddedKafka.Builder builder =
        tls(dir, storePassword, brokerPassword, users, SecurityProtocol.SSL)
            .property("listener.name.controller.plain.sasl.jaas.config", plainJaas(passwords))
            .property("ssl.client.auth", anonymous ? "requested" : "required")
            .property("super.users", "User:" + ADMIN + ";User:" + BROKER_SUBJECT);
    return new SecuredBroker(
        builder.start(),
        SecurityProtocol.SSL,
        dir,
        storePassword,
        brokerPassword,
        passwords,
        anonymous);
  }

  /**
   * The certificates, the TLS client listener, the controller listener and the authorizer. The
   * clients' truststore holds the broker's certificate; the broker's also the users' certificates.
   */
  private static EmbeddedKafka.Builder tls(
      Path dir,
      String storePassword,
      String brokerPassword,
      List<String> certificateUsers,
      SecurityProtocol protocol)
      throws IOException, InterruptedException {
    Path keystore = dir.resolve("broker.p12");
    Path brokerTruststore = dir.resolve("broker-truststore.p12");
    keypair("broker", BROKER_SUBJECT, keystore, brokerPassword);
    trust("broker", keystore, brokerPassword, dir.resolve("truststore.p12"), storePassword);
    trust("broker", keystore, brokerPassword, brokerTruststore, brokerPassword);
    for (String user : certificateUsers) {
      Path userKeystore = dir.resolve(user + ".p12");
      keypair(user, "CN=" + user, userKeystore, storePassword);
      trust(user, userKeystore, storePassword, brokerTruststore, brokerPassword);
    }
    return EmbeddedKafka.builder()
        .listener(protocol)
        .controllerListener(SecurityProtocol.SASL_PLAINTEXT)
        .property("ssl.keystore.type", "PKCS12")
        .property("ssl.keystore.location", keystore.toString())
        .property("ssl.keystore.password", brokerPassword)
        .property("ssl.key.password", brokerPassword)
        .property("ssl.truststore.type", "PKCS12")
        .property("ssl.truststore.location", brokerTruststore.toString())
        .property("ssl.truststore.password", brokerPassword)
        .property("listener.name.controller.sasl.enabled.mechanisms", "PLAIN")
        .property("sasl.mechanism.controller.protocol", "PLAIN")
        .property(
            "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
  }

  /** The controller's PLAIN login: the broker logs in as the admin, the only user it knows. */
  private static String plainJaas(Map<String, String> passwords) {
    String password = passwords.get(ADMIN);
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + ADMIN
        + "\" password=\""
        + password
        + "\" user_"
        + ADMIN
        + "=\""
        + password
        + "\";";
  }

  /** A random password for this run only. */
  static String throwaway() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  static String scramJaas(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** The principal of a user's client in ACLs. */
  String principal(String user) {
    if (anonymous) {
      return "User:ANONYMOUS";
    }
    return protocol == SecurityProtocol.SSL ? "User:CN=" + user : "User:" + user;
  }

  /** Client properties for the super user. */
  Properties admin() {
    if (protocol == SecurityProtocol.SSL) {
      // The broker's own certificate: its subject is a super user.
      Properties p = new Properties();
      p.putAll(clientSettings("broker"));
      p.putAll(clientSecrets("broker", null));
      p.put("ssl.keystore.type", "PKCS12");
      p.put("ssl.keystore.location", dir.resolve("broker.p12").toString());
      p.put("ssl.keystore.password", brokerPassword);
      p.put("ssl.key.password", brokerPassword);
      return p;
    }
    return client(ADMIN, passwords.get(ADMIN));
  }

  /** Client properties for a user (the password is used with SCRAM only). */
  Properties client(String user, String password) {
    Properties p = new Properties();
    p.putAll(clientSettings(user));
    p.putAll(clientSecrets(user, password));
    return p;
  }

  /** What a user's client needs that is no secret: for a properties file. */
  Map<String, String> clientSettings(String user) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("bootstrap.servers", bootstrapServers());
    p.put("security.protocol", protocol.name);
    if (protocol == SecurityProtocol.SSL) {
      if (!anonymous) {
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", dir.resolve(user + ".p12").toString());
      }
    } else {
      p.put("sasl.mechanism", MECHANISM);
    }
    p.put("ssl.truststore.type", "PKCS12");
    p.put("ssl.truststore.location", truststore.toString());
    return p;
  }

  /** A user's secrets: for the environment. */
  Map<String, String> clientSecrets(String user, String password) {
    Map<String, String> p = new LinkedHashMap<>();
    if (protocol == SecurityProtocol.SSL) {
      if (!anonymous) {
        p.put("ssl.keystore.password", storePassword);
        p.put("ssl.key.password", storePassword);
      }
    } else {
      p.put("sasl.jaas.config", scramJaas(user, password));
    }
    p.put("ssl.truststore.password", storePassword);
    return p;
  }

  @Override
  public void close() {
    kafka.close();
  }

  private static void keypair(String alias, String subject, Path keystore, String password)
      throws IOException, InterruptedException {
    keytool(
        "-genkeypair",
        "-alias",
        alias,
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        subject,
        "-ext",
        "SAN=IP:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        password,
        "-keypass",
        password);
  }

  /** Adds the certificate of a keystore's key to a truststore (created if missing). */
  private static void trust(
      String alias, Path keystore, String password, Path truststore, String truststorePassword)
      throws IOException, InterruptedException {
    Path certificate = keystore.resolveSibling(alias + ".pem");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        alias,
        "-keystore",
        keystore.toString(),
        "-storepass",
        password,
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        alias,
        "-file",
        certificate.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        truststore.toString(),
        "-storepass",
        truststorePassword);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "keytool " + args[0] + " failed: " + new String(output, StandardCharsets.UTF_8));
    }
  }
}
