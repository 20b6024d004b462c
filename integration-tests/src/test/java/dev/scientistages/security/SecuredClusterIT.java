package dev.scientistages.security;

import static dev.scientistages.support.LocalHttp.awaitReady;
import static dev.scientistages.support.LocalHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scientistages.cli.ExitCode;
import dev.scientistages.cluster.LeastAcls;
import dev.scientistages.cluster.LeastAcls.Need;
import dev.scientistages.config.Settings;
import dev.scientistages.deadletter.DeadLetterHeaders;
import dev.scientistages.io.LineProducer;
import dev.scientistages.io.TopicReader;
import dev.scientistages.redrive.RedriveAcls;
import dev.scientistages.runtime.ProcessorService;
import dev.scientistages.support.AppProcess;
import dev.scientistages.support.Await;
import dev.scientistages.support.ClassicExample;
import dev.scientistages.support.Slow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The processor on a secured cluster (SASL_SSL, SCRAM-SHA-512, ACLs), configured only through
 * settings, run as a separate JVM as an operator would run it: the classic example with the least
 * ACLs it needs, and a clear, bounded failure with wrong credentials or a missing ACL. No secret
 * may show in its logs, its standard output or {@code /metrics}.
 */
@Slow
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SecuredClusterIT {
  private static final String USER = "ages";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The application user's password and the truststore's: each must never be shown. */
  private static final String PASSWORD = "pw-" + SecuredBroker.throwaway();

  private static final String TRUSTSTORE_PASSWORD = "ts-" + SecuredBroker.throwaway();

  private static final Duration STOP = ProcessorService.CLOSE_TIMEOUT.plusSeconds(30);
  private static final List<String> PRODUCE_VERB =
      List.of("produce", "--generate", "3", "--no-progress");
  private static final List<String> CONSUME_VERB =
      List.of("consume", "--from-beginning", "--timeout", "30s");

  @TempDir static Path brokerDir;
  @TempDir Path dir;

  private static SecuredBroker broker;
  private static Admin admin;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = SecuredBroker.scram(brokerDir, Map.of(USER, PASSWORD), TRUSTSTORE_PASSWORD);
    admin = Admin.create(broker.admin());
  }

  @AfterAll
  static void stopBroker() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(10));
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldRunTheClassicExampleOverSaslSslWithTheLeastAcls() throws Exception {
    runClassicExample(
        onScram("scientist-ages", "scientists", "ages", "scientists.dlq"),
        "sasl.jaas.config=[hidden]",
        "security.protocol=SASL_SSL");
  }

  @Test
  void shouldRunTheClassicExampleOverMutualTlsWithTheSameAcls(@TempDir Path mtlsDir)
      throws Exception {
    try (SecuredBroker mtls = SecuredBroker.mutualTls(mtlsDir, List.of(USER), TRUSTSTORE_PASSWORD);
        Admin mtlsAdmin = Admin.create(mtls.admin())) {
      runClassicExample(
          new Application(
              mtls, mtlsAdmin, "scientist-ages", "scientists", "ages", "scientists.dlq"),
          "ssl.keystore.password=[hidden]",
          "ssl.key.password=[hidden]",
          "security.protocol=SSL");
    }
  }

  @Test
  void shouldRunTheClassicExampleOverTlsOnlyAsTheAnonymousPrincipal(@TempDir Path tlsDir)
      throws Exception {
    try (SecuredBroker tls = SecuredBroker.tlsOnly(tlsDir, TRUSTSTORE_PASSWORD);
        Admin tlsAdmin = Admin.create(tls.admin())) {
      Application app =
          new Application(tls, tlsAdmin, "scientist-ages", "scientists", "ages", "scientists.dlq");
      assertThat(tls.clientSettings(USER)).doesNotContainKey("ssl.keystore.location");
      // The cluster sees User:ANONYMOUS, and authorizes it: without an ACL, it is refused.
      try (AppProcess child = app.start(PASSWORD)) {
        assertThat(awaitAccessDenied(child, Duration.ofSeconds(120)))
            .startsWith("Error: Not authorized at " + tls.bootstrapServers())
            .contains("as User:ANONYMOUS (TLS without a client certificate): ");
      }
      // With the least ACLs granted to User:ANONYMOUS, it runs.
      runClassicExample(app, "security.protocol=SSL");
    }
  }

  /**
   * The classic seven, with the least ACLs, topics made beforehand; the start-up line shows these
   * settings (secrets masked).
   */
  private void runClassicExample(Application app, String... shownSettings) throws Exception {
    createTopicsAndGrantLeastAcls(app);

    try (AppProcess child = app.start(PASSWORD)) {
      int port = awaitReady(child, Duration.ofSeconds(90));

      try (LineProducer producer = new LineProducer(app.cluster.admin(), app.input)) {
        for (String line : ClassicExample.scientists()) {
          producer.send(line);
        }
        producer.flush();
      }
      List<JsonNode> ages = readCommitted(app, app.output, 7);
      assertThat(ages).containsExactlyInAnyOrderElementsOf(jsonLines(ClassicExample.ages2017()));

      String metrics = get(port, "/metrics").body();
      assertThat(metrics).contains("scientist_ages_records_mapped_total 7.0");
      assertThat(metrics).doesNotContain(PASSWORD).doesNotContain(TRUSTSTORE_PASSWORD);

      assertThat(child.stop(STOP)).as("exit code on SIGTERM").isEqualTo(143);
      assertThat(child.stderr())
          .contains("Effective configuration")
          .contains("ssl.truststore.password=[hidden]")
          .contains(shownSettings);
      assertNoSecrets(child);
    }
  }

  @Test
  void shouldCreateItsTopicsWhenAlsoGrantedCreateOnThem() throws Exception {
    Application app = onScram("creator", "creator.in", "creator.out", "creator.dlq");
    List<AclBinding> acls = new ArrayList<>(leastAcls(app).values());
    for (LeastAcls.Grant create : LeastAcls.topicCreation(app.input, app.output, app.deadLetters)) {
      acls.add(create.allow(app.cluster.principal(USER)));
    }
    grant(app, acls);

    try (AppProcess child = app.start(PASSWORD, Settings.TOPICS_CREATE + "=true")) {
      awaitReady(child, Duration.ofSeconds(90));
      Map<String, TopicDescription> topics =
          admin
              .describeTopics(List.of(app.input, app.output, app.deadLetters))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS);
      // As the topic files declare them.
      assertThat(topics.values())
          .extracting(d -> d.partitions().size())
          .containsExactly(12, 12, 12);
      assertThat(child.stderr()).contains("Created topics");
      assertThat(child.stop(STOP)).as("exit code on SIGTERM").isEqualTo(143);
      assertNoSecrets(child);
    }
  }

  @Test
  void shouldStopWithExitCodeFourNamingTheCauseOnWrongCredentials() throws Exception {
    Application app = onScram("wrong-password", "wrong.in", "wrong.out", "wrong.dlq");
    createTopicsAndGrantLeastAcls(app);
    String wrong = "not-" + PASSWORD;

    try (AppProcess child = app.start(wrong)) {
      // Ends by itself, no endless retry.
      assertThat(awaitAccessDenied(child, Duration.ofSeconds(90)))
          .startsWith("Error: Authentication failed at " + broker.bootstrapServers())
          .contains("for user '" + USER + "'")
          .contains("sasl.mechanism=" + SecuredBroker.MECHANISM)
          .contains("SaslAuthenticationException")
          .doesNotContain(wrong);
      assertNoSecrets(child);
    }
    // The client verbs say the same, with the same exit code.
    for (List<String> verb : List.of(PRODUCE_VERB, CONSUME_VERB)) {
      try (AppProcess child = app.startVerb(wrong, verb)) {
        assertThat(awaitAccessDenied(child, Duration.ofSeconds(90)))
            .as(verb.get(0))
            .startsWith("Error: Authentication failed at " + broker.bootstrapServers())
            .contains("for user '" + USER + "'")
            .contains("SaslAuthenticationException")
            .doesNotContain(wrong);
        assertNoSecrets(child);
      }
    }
  }

  @Test
  void shouldNameTheAclTheClientVerbsLack() throws Exception {
    // The processor's least ACLs: READ on the input, WRITE on the output. The client verbs need
    // the other way round, and say so.
    Application app = onScram("verbs", "verbs.in", "verbs.out", "verbs.dlq");
    createTopicsAndGrantLeastAcls(app);
    Map<List<String>, String> needs =
        Map.of(
            PRODUCE_VERB,
            "produce needs WRITE on topic 'verbs.in'",
            CONSUME_VERB,
            "consume needs READ on topic 'verbs.out' (it joins no consumer group)");
    for (Map.Entry<List<String>, String> verb : needs.entrySet()) {
      try (AppProcess child = app.startVerb(PASSWORD, verb.getKey())) {
        String error = awaitAccessDenied(child, Duration.ofSeconds(90));
        System.out.println(verb.getKey().get(0) + " without its ACL: " + error);
        assertThat(error)
            .as(verb.getKey().get(0))
            .startsWith("Error: Not authorized at " + broker.bootstrapServers())
            .contains("as user '" + USER + "'")
            .contains("TopicAuthorizationException")
            .endsWith(verb.getValue());
        assertNoSecrets(child);
      }
    }
  }

  /** The error Kafka reports when the processor lacks this one of its least ACLs. */
  private static String kafkaError(Need missing) {
    return switch (missing) {
      case INPUT_READ, OUTPUT_WRITE, DEAD_LETTER_WRITE -> "TopicAuthorizationException";
      case GROUP_READ -> "GroupAuthorizationException";
      case TRANSACTIONAL_ID_WRITE -> "TransactionalIdAuthorizationException";
    };
  }

  @ParameterizedTest
  @EnumSource(Need.class)
  void shouldStopWithExitCodeFourNamingTheMissingAcl(Need missing) throws Exception {
    String id = "lacks-" + missing.name().toLowerCase(Locale.ROOT).replace('_', '-');
    Application app = onScram(id, id + ".in", id + ".out", id + ".dlq");
    createTopics(app);
    Map<Need, AclBinding> acls = leastAcls(app);
    acls.remove(missing);
    grant(app, acls.values());
    // A good record and a bad one, so that both the output and the dead-letter topic are written.
    try (LineProducer producer = new LineProducer(app.cluster.admin(), app.input)) {
      producer.send(ClassicExample.scientists().get(0));
      producer.send("not json");
      producer.flush();
    }

    try (AppProcess child = app.start(PASSWORD)) {
      assertThat(awaitAccessDenied(child, Duration.ofSeconds(120)))
          .startsWith("Error: Not authorized at " + broker.bootstrapServers())
          .contains("as user '" + USER + "': ")
          .contains(kafkaError(missing))
          .doesNotContain("org.apache.kafka.common.errors.")
          .contains(
              switch (missing) {
                case INPUT_READ -> "Cannot describe topic " + app.input + ": TopicAuthorization";
                case OUTPUT_WRITE -> "Cannot describe topic " + app.output + ": TopicAuthorization";
                case DEAD_LETTER_WRITE ->
                    "Cannot describe topic " + app.deadLetters + ": TopicAuthorization";
                case GROUP_READ -> "Not authorized to access group: " + app.id;
                case TRANSACTIONAL_ID_WRITE -> "Transactional Id authorization failed";
              });
      assertNoSecrets(child);
    }
  }

  @Test
  void shouldRedriveWithItsFourAclsAndNameTheOneMissing() throws Exception {
    Application app = onScram("redrive", "redrive.in", "redrive.out", "redrive.dlq");
    createTopics(app);
    // A dead letter as the processor writes it, written here by the administrator.
    RecordHeaders headers = new RecordHeaders();
    headers.add(DeadLetterHeaders.TOPIC, app.input.getBytes(StandardCharsets.UTF_8));
    headers.add(DeadLetterHeaders.REASON, "MISSING_BORN".getBytes(StandardCharsets.UTF_8));
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            app.cluster.admin(), new ByteArraySerializer(), new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  app.deadLetters,
                  null,
                  "Ada".getBytes(StandardCharsets.UTF_8),
                  "{\"name\":\"Ada\"}".getBytes(StandardCharsets.UTF_8),
                  headers))
          .get(60, TimeUnit.SECONDS);
    }
    String id = app.id + "-redrive";
    Map<RedriveAcls.Need, AclBinding> acls = new EnumMap<>(RedriveAcls.Need.class);
    RedriveAcls.of(app.id, app.deadLetters, app.input)
        .forEach((need, grant) -> acls.put(need, grant.allow(app.cluster.principal(USER))));
    grant(app, acls.values());

    List<String> verb = List.of("redrive", "--no-progress");
    for (RedriveAcls.Need missing : RedriveAcls.Need.values()) {
      revoke(app, acls.get(missing));
      try (AppProcess child = app.startVerb(PASSWORD, verb)) {
        assertThat(awaitAccessDenied(child, Duration.ofSeconds(90)))
            .as(missing.name())
            .startsWith("Error: Not authorized at " + broker.bootstrapServers())
            .contains("as user '" + USER + "': ")
            .endsWith(
                switch (missing) {
                  case DEAD_LETTER_READ -> "redrive needs READ on topic '" + app.deadLetters + "'";
                  case TARGET_WRITE -> "redrive needs WRITE on topic '" + app.input + "'";
                  case GROUP_READ -> "redrive needs READ on group '" + id + "'";
                  case TRANSACTIONAL_ID_WRITE ->
                      "redrive needs WRITE on transactional id '" + id + "'";
                });
        assertNoSecrets(child);
      }
      grant(app, List.of(acls.get(missing)));
    }

    // With the four, and no more, it sends the dead letter back.
    try (AppProcess child = app.startVerb(PASSWORD, verb)) {
      assertThat(child.awaitExit(Duration.ofSeconds(90))).as(child.stderr()).isZero();
      assertThat(child.stdout()).containsPattern("(?m)^  sent\\s+1$");
      assertNoSecrets(child);
    }
    try (TopicReader reader = new TopicReader(app.cluster.admin(), app.input, true)) {
      List<ConsumerRecord<byte[], byte[]>> back = new ArrayList<>();
      Await.until(
          "the redriven record in " + app.input,
          Duration.ofSeconds(60),
          () -> {
            back.addAll(reader.poll(Duration.ofMillis(200)));
            return !back.isEmpty();
          });
      assertThat(new String(back.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("Ada");
      assertThat(DeadLetterHeaders.text(back.get(0).headers(), DeadLetterHeaders.REDRIVES))
          .isEqualTo("1");
    }
  }

  // ---------------------------------------------------------------------------------------------

  private Application onScram(String id, String input, String output, String deadLetters) {
    return new Application(broker, admin, id, input, output, deadLetters);
  }

  /**
   * The application on a cluster: its id (= consumer group, transactional id prefix) and topics,
   * the cluster and the cluster's admin client.
   */
  private final class Application {
    final SecuredBroker cluster;
    final Admin admin;
    final String id;
    final String input;
    final String output;
    final String deadLetters;

    Application(
        SecuredBroker cluster,
        Admin admin,
        String id,
        String input,
        String output,
        String deadLetters) {
      this.cluster = cluster;
      this.admin = admin;
      this.id = id;
      this.input = input;
      this.output = output;
      this.deadLetters = deadLetters;
    }

    /**
     * Starts {@code run} as a separate JVM, configured like an operator would: a properties file
     * with everything but the secrets, and the secrets in environment variables.
     */
    AppProcess start(String password, String... moreSettings) throws IOException {
      return startVerb(password, List.of("run"), moreSettings);
    }

    /** As {@link #start}, for any verb and its arguments ({@code --config} follows them). */
    AppProcess startVerb(String password, List<String> verb, String... moreSettings)
        throws IOException {
      Path config = dir.resolve(id + ".properties");
      List<String> security = new ArrayList<>();
      cluster.clientSettings(USER).forEach((k, v) -> security.add(k + "=" + v));
      Files.writeString(
          config,
          String.join(
              "\n",
              String.join("\n", security),
              "application.id=" + id,
              "ages.topic.input=" + input,
              "ages.topic.output=" + output,
              "errors.dead.letter.queue.topic.name=" + deadLetters,
              "ages.topics.create=false",
              "ages.reference.year=2017",
              "ages.http.port=0",
              "num.stream.threads=1",
              "state.dir=" + dir.resolve("state"),
              // Later lines win.
              String.join("\n", moreSettings),
              ""),
          StandardCharsets.UTF_8);
      Map<String, String> env = new LinkedHashMap<>();
      cluster
          .clientSecrets(USER, password)
          .forEach((k, v) -> env.put(Settings.environmentVariableOf(k), v));
      List<String> args = new ArrayList<>(verb);
      args.addAll(List.of("--config", config.toString()));
      return AppProcess.start(dir, id + "-" + verb.get(0), env, args.toArray(String[]::new));
    }
  }

  /** Waits for the process to end with exit code 4; returns its one error line. */
  private static String awaitAccessDenied(AppProcess child, Duration timeout) {
    assertThat(child.awaitExit(timeout))
        .as(child.stderr())
        .isEqualTo(ExitCode.ACCESS_DENIED.code());
    return errorLine(child);
  }

  /** The one line that tells the operator why the process stopped. */
  private static String errorLine(AppProcess child) {
    List<String> lines = child.stderr().lines().filter(l -> l.startsWith("Error: ")).toList();
    assertThat(lines).as("one error line in:%n%s", child.stderr()).hasSize(1);
    return lines.get(0);
  }

  private static void assertNoSecrets(AppProcess child) {
    for (String secret : List.of(PASSWORD, TRUSTSTORE_PASSWORD)) {
      assertThat(child.stderr()).doesNotContain(secret);
      assertThat(child.stdout()).doesNotContain(secret);
    }
  }

  private static void createTopicsAndGrantLeastAcls(Application app) throws Exception {
    createTopics(app);
    grant(app, leastAcls(app).values());
  }

  private static void createTopics(Application app) throws Exception {
    app.admin
        .createTopics(
            List.of(
                new NewTopic(app.input, Optional.of(3), Optional.empty()),
                new NewTopic(app.output, Optional.of(3), Optional.empty()),
                new NewTopic(app.deadLetters, Optional.of(1), Optional.empty())))
        .all()
        .get(60, TimeUnit.SECONDS);
  }

  /** The processor's least ACLs (README, Secured clusters) for this application, granted to it. */
  private static Map<Need, AclBinding> leastAcls(Application app) {
    Map<Need, AclBinding> acls = new EnumMap<>(Need.class);
    LeastAcls.of(app.id, app.input, app.output, app.deadLetters)
        .forEach((need, grant) -> acls.put(need, grant.allow(app.cluster.principal(USER))));
    return acls;
  }

  /** Deletes the ACL and waits until the broker no longer has it. */
  private static void revoke(Application app, AclBinding acl) throws Exception {
    app.admin.deleteAcls(List.of(acl.toFilter())).all().get(60, TimeUnit.SECONDS);
    Await.until(
        "the ACL gone from the broker",
        Duration.ofSeconds(60),
        () -> {
          try {
            return !app.admin
                .describeAcls(AclBindingFilter.ANY)
                .values()
                .get(10, TimeUnit.SECONDS)
                .contains(acl);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  /** Creates the ACLs and waits until the broker enforces them (it answers describe itself). */
  private static void grant(Application app, Collection<AclBinding> acls) throws Exception {
    app.admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
    Await.until(
        "the ACLs on the broker",
        Duration.ofSeconds(60),
        () -> {
          try {
            return app.admin
                .describeAcls(AclBindingFilter.ANY)
                .values()
                .get(10, TimeUnit.SECONDS)
                .containsAll(acls);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  private static List<JsonNode> readCommitted(Application app, String topic, int expected)
      throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (TopicReader reader = new TopicReader(app.cluster.admin(), topic, true)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(500))) {
          JsonNode value = JSON.readTree(r.value());
          assertThat(new String(r.key(), StandardCharsets.UTF_8))
              .isEqualTo(value.get("name").asText());
          out.add(value);
        }
      }
      // Nothing more than expected: wait a little for any extra record.
      out.addAll(reader.poll(Duration.ofSeconds(1)).stream().map(r -> parse(r.value())).toList());
    }
    return out;
  }

  private static JsonNode parse(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<JsonNode> jsonLines(List<String> lines) {
    return lines.stream().map(l -> parse(l.getBytes(StandardCharsets.UTF_8))).toList();
  }
}
