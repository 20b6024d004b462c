package dev.scientistages.security;

import dev.scientistages.local.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * A real broker as a secured production cluster has it: one client listener speaking SASL_SSL with
 * SCRAM-SHA-512, a TLS certificate for {@code 127.0.0.1} made here with the JDK's {@code keytool},
 * and ACLs enforced by KRaft's {@code StandardAuthorizer} (nothing is allowed without an ACL). The
 * broker itself (inter-broker and towards its controller) is the super user {@value #ADMIN}; the
 * controller listener speaks SASL_PLAINTEXT with PLAIN, because a KRaft controller cannot check
 * SCRAM credentials (they live in the metadata it serves). Users and their SCRAM credentials are
 * written when the storage is formatted, so they exist before the first client connects.
 */
final class SecuredBroker implements AutoCloseable {
  static final String ADMIN = "admin";
  static final String MECHANISM = "SCRAM-SHA-512";

  private final EmbeddedKafka kafka;
  private final Path truststore;
  private final String truststorePassword;
  private final String adminPassword;

  private SecuredBroker(
      EmbeddedKafka kafka, Path truststore, String truststorePassword, String adminPassword) {
    this.kafka = kafka;
    this.truststore = truststore;
    this.truststorePassword = truststorePassword;
    this.adminPassword = adminPassword;
  }

  /**
   * Starts the broker with the admin and these users (name → password) known to it.
   *
   * @param dir a directory for the key and trust stores
   * @param truststorePassword the password of the clients' truststore
   */
  static SecuredBroker start(Path dir, Map<String, String> users, String truststorePassword)
      throws IOException, InterruptedException {
    String keystorePassword = throwaway();
    String adminPassword = throwaway();
    Path keystore = dir.resolve("broker.p12");
    Path certificate = dir.resolve("broker.pem");
    Path truststore = dir.resolve("truststore.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=IP:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        keystorePassword,
        "-keypass",
        keystorePassword);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "broker",
        "-keystore",
        keystore.toString(),
        "-storepass",
        keystorePassword,
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "broker",
        "-file",
        certificate.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        truststore.toString(),
        "-storepass",
        truststorePassword);

    List<String> format = new ArrayList<>();
    format.add("--add-scram");
    format.add(MECHANISM + "=[name=" + ADMIN + ",password=" + adminPassword + "]");
    users.forEach(
        (name, password) -> {
          format.add("--add-scram");
          format.add(MECHANISM + "=[name=" + name + ",password=" + password + "]");
        });
    EmbeddedKafka kafka =
        EmbeddedKafka.builder()
            .listener(SecurityProtocol.SASL_SSL)
            .controllerListener(SecurityProtocol.SASL_PLAINTEXT)
            .property("ssl.keystore.type", "PKCS12")
            .property("ssl.keystore.location", keystore.toString())
            .property("ssl.keystore.password", keystorePassword)
            .property("ssl.key.password", keystorePassword)
            .property("ssl.truststore.type", "PKCS12")
            .property("ssl.truststore.location", truststore.toString())
            .property("ssl.truststore.password", truststorePassword)
            .property("listener.name.sasl_ssl.sasl.enabled.mechanisms", MECHANISM)
            .property("sasl.mechanism.inter.broker.protocol", MECHANISM)
            .property(
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                scramJaas(ADMIN, adminPassword))
            .property("listener.name.controller.sasl.enabled.mechanisms", "PLAIN")
            .property("sasl.mechanism.controller.protocol", "PLAIN")
            .property(
                "listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                    + ADMIN
                    + "\" password=\""
                    + adminPassword
                    + "\" user_"
                    + ADMIN
                    + "=\""
                    + adminPassword
                    + "\";")
            .property(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
            .property("super.users", "User:" + ADMIN)
            .formatArguments(format.toArray(String[]::new))
            .start();
    return new SecuredBroker(kafka, truststore, truststorePassword, adminPassword);
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

  Path truststore() {
    return truststore;
  }

  /** Client properties for the super user. */
  Properties admin() {
    return client(ADMIN, adminPassword);
  }

  /** Client properties for a user, over SASL_SSL with the broker's truststore. */
  Properties client(String user, String password) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers());
    p.put("security.protocol", "SASL_SSL");
    p.put("sasl.mechanism", MECHANISM);
    p.put("sasl.jaas.config", scramJaas(user, password));
    p.put("ssl.truststore.type", "PKCS12");
    p.put("ssl.truststore.location", truststore.toString());
    p.put("ssl.truststore.password", truststorePassword);
    return p;
  }

  @Override
  public void close() {
    kafka.close();
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
