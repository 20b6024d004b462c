package dev.scientistages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.scientistages.config.EnvironmentMapping;
import dev.scientistages.config.Settings;
import dev.scientistages.runtime.OpsServer;
import dev.scientistages.runtime.ProcessorService;
import dev.scientistages.support.RepositoryFiles;
import dev.scientistages.topics.TopicEnsurer;
import dev.scientistages.topics.TopicSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every manifest of deploy/kubernetes, parsed strictly (an unknown or misspelt field fails), and
 * checked against the code: the image, the port and the probe paths, every environment variable the
 * processor would read, the close bound, the topics and the least ACLs, the autoscaling cap.
 * Kubernetes' own kinds are read with fabric8's model of them; Strimzi's and KEDA's with the
 * records below, which hold the fields of their schemas that these files use, and no others.
 */
class KubernetesManifestsTest {
  private static final Path DIR = RepositoryFiles.path("deploy/kubernetes");
  private static final Path STRIMZI = DIR.resolve("strimzi.yaml");
  private static final Path COMPOSE = RepositoryFiles.path("docker-compose.yml");
  private static final Path DOCKERFILE = RepositoryFiles.path("Dockerfile");

  /** Unknown fields fail: records have no any-setter; fabric8's objects are walked after. */
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();

  private static final Map<String, List<JsonNode>> BY_KIND = new LinkedHashMap<>();
  private static Deployment deployment;
  private static Container container;
  private static Map<String, EnvVar> env;
  private static Settings settings;

  @BeforeAll
  static void readManifests() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        YAMLFactory yaml = new YAMLFactory();
        try (var parser = yaml.createParser(file.toFile())) {
          for (JsonNode doc : new YAMLMapper().readValues(parser, JsonNode.class).readAll()) {
            if (doc == null || doc.isNull() || doc.isEmpty()) {
              continue;
            }
            String kind = doc.path("kind").asText();
            assertThat(kind).as("a document without kind in %s", file).isNotEmpty();
            BY_KIND.computeIfAbsent(kind, k -> new ArrayList<>()).add(doc);
          }
        }
      }
    }
    assertThat(BY_KIND.keySet())
        .as("the kinds of deploy/kubernetes")
        .containsExactlyInAnyOrder(
            "Deployment",
            "PodDisruptionBudget",
            "ScaledObject",
            "TriggerAuthentication",
            "KafkaTopic",
            "KafkaUser");
    deployment = fabric8(one("Deployment"), Deployment.class);
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).as("the processor's pod runs one container").hasSize(1);
    container = containers.get(0);
    env = new LinkedHashMap<>();
    container.getEnv().forEach(e -> assertThat(env.put(e.getName(), e)).as(e.getName()).isNull());
    settings = Settings.load(Optional.empty(), environment(), Map.of());
  }

  // The Deployment against the image and the processor.

  @Test
  void shouldRunTheImageTheComposeFileBuildsAsItsNonRootUser() throws IOException {
    JsonNode compose = new YAMLMapper().readTree(COMPOSE.toFile());
    String composeImage = compose.path("services").path("processor").path("image").asText();
    assertThat(container.getImage().replaceFirst(":[^:/]+$", ""))
        .as("the Deployment's image, without its tag, is not the compose file's processor image")
        .isEqualTo(composeImage);
    assertThat(container.getCommand()).as("the image's ENTRYPOINT is kept").isNullOrEmpty();
    assertThat(container.getArgs()).containsExactly("run");

    Matcher user =
        Pattern.compile("(?m)^USER\\s+(\\d+)")
            .matcher(Files.readString(DOCKERFILE, StandardCharsets.UTF_8));
    assertThat(user.find()).as("the Dockerfile has a numeric USER").isTrue();
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser())
        .as("runAsUser is not the Dockerfile's USER")
        .isEqualTo(Long.parseLong(user.group(1)));
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getVolumeMounts())
        .as("a writable /tmp for state.dir under a read-only root")
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
  }

  @Test
  void shouldProbeAndScrapeTheProcessorsOwnPortAndPaths() {
    int port = settings.httpPort().orElseThrow();
    // The kubelet's probes and Prometheus reach the pod's own address, not its loopback.
    assertThat(settings.httpHost().isAnyLocalAddress())
        .as("ages.http.host %s is not every interface", settings.httpHost())
        .isTrue();
    assertThat(container.getPorts())
        .as("the container's port http is not ages.http.port %s", port)
        .anySatisfy(
            p -> {
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getContainerPort()).isEqualTo(port);
            });
    assertProbe(container.getLivenessProbe().getHttpGet(), OpsServer.HEALTH_PATH);
    assertProbe(container.getStartupProbe().getHttpGet(), OpsServer.HEALTH_PATH);
    assertProbe(container.getReadinessProbe().getHttpGet(), OpsServer.READY_PATH);
    Map<String, String> annotations =
        deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    assertThat(annotations)
        .containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", Integer.toString(port))
        .containsEntry("prometheus.io/path", OpsServer.METRICS_PATH);
  }

  private static void assertProbe(HTTPGetAction get, String path) {
    assertThat(get.getPath()).isEqualTo(path);
    assertThat(get.getPort().getStrVal()).as("probe port of %s", path).isEqualTo("http");
  }

  @Test
  void shouldSetOnlySettingsTheProcessorKnows() {
    env.forEach(
        (name, var) -> {
          assertThat(name.startsWith("KAFKA_") || name.startsWith("AGES_"))
              .as("%s is no setting: the processor reads only KAFKA_* and AGES_*", name)
              .isTrue();
          assertThat(Settings.KAFKA_SCRIPT_VARIABLES).doesNotContain(name);
          Map<String, String> keys = EnvironmentMapping.keysOf(Map.of(name, "x"));
          assertThat(keys).as("%s maps to no setting", name).hasSize(1);
          assertThat(Settings.isKnown(keys.keySet().iterator().next()))
              .as("%s sets '%s', which the processor does not know", name, keys.keySet())
              .isTrue();
        });
    assertThatCode(() -> Settings.load(Optional.empty(), environment(), Map.of()))
        .as("the Deployment's environment would stop the processor at start-up")
        .doesNotThrowAnyException();
    assertThat(settings.topicsCreate())
        .as("the topics are KafkaTopic resources; the processor's user may not create topics")
        .isFalse();
    assertThat(settings.exactlyOnce()).isTrue();
    assertThat(settings.get("security.protocol")).isEqualTo("SSL");
  }

  @Test
  void shouldKeepTheFailoverSettingsAndOutlastTheCloseBound() {
    Settings defaults = Settings.of(Map.of());
    for (String key :
        List.of("session.timeout.ms", "heartbeat.interval.ms", "transaction.timeout.ms")) {
      assertThat(settings.get(key))
          .as("%s: the Deployment changes the failover default", key)
          .isEqualTo(defaults.get(key));
    }
    assertThat(env)
        .as("no static membership: it fences itself in a coordinator stall (decision 0011)")
        .doesNotContainKey("KAFKA_GROUP_INSTANCE_ID");
    assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .as("terminationGracePeriodSeconds against the close bound")
        .isGreaterThanOrEqualTo(ProcessorService.CLOSE_TIMEOUT.toSeconds() + 10);
    assertThat(
            deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .isZero();
  }

  @Test
  void shouldRunOneStreamThreadPerCoreOfAGuaranteedPod() {
    Map<String, Quantity> requests = container.getResources().getRequests();
    Map<String, Quantity> limits = container.getResources().getLimits();
    assertThat(requests).as("requests = limits: a guaranteed pod").isEqualTo(limits);
    assertThat(limits).containsKeys("cpu", "memory");
    assertThat(Quantity.getAmountInBytes(limits.get("cpu")).intValueExact())
        .as("num.stream.threads is not the CPU limit in cores")
        .isEqualTo(settings.numStreamThreads());
  }

  // The rest against the Deployment, the topic files and the code.

  @Test
  void shouldStopOnePodAtATime() {
    PodDisruptionBudget pdb = fabric8(one("PodDisruptionBudget"), PodDisruptionBudget.class);
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .as("the PodDisruptionBudget's selector does not select the Deployment's pods")
        .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void shouldScaleOnTheGroupsLagUpToOneThreadPerInputPartition() {
    ScaledObject scaled = strict(one("ScaledObject"), ScaledObject.class);
    fabric8(
        STRICT.valueToTree(scaled.spec().advanced().horizontalPodAutoscalerConfig().behavior()),
        HorizontalPodAutoscalerBehavior.class);
    assertThat(scaled.spec().scaleTargetRef().name()).isEqualTo(deployment.getMetadata().getName());
    TopicSpec input = topic(TopicSpec.Role.INPUT);
    assertThat(scaled.spec().maxReplicaCount() * settings.numStreamThreads())
        .as(
            "maxReplicaCount × stream threads per pod is not the input's %d partitions",
            input.partitions())
        .isEqualTo(input.partitions());
    assertThat(scaled.spec().minReplicaCount())
        .as("at least two pods, which the PodDisruptionBudget lets drain one by one")
        .isGreaterThanOrEqualTo(2);

    assertThat(scaled.spec().triggers()).hasSize(1);
    Trigger kafka = scaled.spec().triggers().get(0);
    assertThat(kafka.type()).isEqualTo("kafka");
    assertThat(KEDA_KAFKA_METADATA).containsAll(kafka.metadata().keySet());
    assertThat(kafka.metadata())
        .containsEntry("bootstrapServers", settings.bootstrapServers().orElseThrow())
        .containsEntry("consumerGroup", settings.applicationId())
        .containsEntry("topic", settings.inputTopic())
        .containsEntry("tls", "enable");
    assertThat(Long.parseLong(kafka.metadata().get("lagThreshold"))).isPositive();

    TriggerAuthentication auth = strict(one("TriggerAuthentication"), TriggerAuthentication.class);
    assertThat(kafka.authenticationRef().name()).isEqualTo(auth.metadata().name());
    Map<String, SecretRef> byParameter = new LinkedHashMap<>();
    auth.spec().secretTargetRef().forEach(r -> byParameter.put(r.parameter(), r));
    assertThat(byParameter).containsOnlyKeys("ca", "cert", "key");
    // The same certificates as the processor's, from the same secrets.
    assertSameSecret(byParameter.get("ca"), "KAFKA_SSL_TRUSTSTORE_CERTIFICATES");
    assertSameSecret(byParameter.get("cert"), "KAFKA_SSL_KEYSTORE_CERTIFICATE_CHAIN");
    assertSameSecret(byParameter.get("key"), "KAFKA_SSL_KEYSTORE_KEY");
  }

  private static void assertSameSecret(SecretRef keda, String variable) {
    var ref = env.get(variable).getValueFrom().getSecretKeyRef();
    assertThat(keda.name() + "/" + keda.key())
        .as("KEDA's %s and the processor's %s", keda.parameter(), variable)
        .isEqualTo(ref.getName() + "/" + ref.getKey());
  }

  @Test
  void shouldDeclareTheTopicsAndTheUserAsTopicsExportPrintsThem() throws IOException {
    StringWriter printed = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(printed));
    assertThat(cli.execute("topics", "export", "--format", "strimzi")).isZero();
    assertThat(Files.readString(STRIMZI, StandardCharsets.UTF_8))
        .as(
            "%s is not what `topics export --format strimzi` prints now: print it again into that"
                + " file",
            STRIMZI)
        .isEqualTo(printed.toString());

    List<KafkaTopic> topics =
        BY_KIND.get("KafkaTopic").stream().map(t -> strict(t, KafkaTopic.class)).toList();
    assertThat(topics)
        .extracting(t -> t.spec().topicName() + ":" + t.spec().partitions())
        .as("the KafkaTopics against the topics the Deployment's processor uses")
        .containsExactlyElementsOf(
            TopicEnsurer.resolve(settings).stream()
                .map(t -> t.name() + ":" + t.partitions())
                .toList());
    KafkaUser user = strict(one("KafkaUser"), KafkaUser.class);
    assertThat(user.spec().authentication().type()).isEqualTo("tls");
    assertThat(user.spec().authorization().acls())
        .allSatisfy(
            acl -> {
              assertThat(Set.of("topic", "group", "transactionalId", "cluster"))
                  .contains(acl.resource().type());
              assertThat(Set.of("literal", "prefix")).contains(acl.resource().patternType());
              assertThat(Set.of("Read", "Write", "Create", "Describe", "IdempotentWrite"))
                  .containsAll(acl.operations());
            });
    // Strimzi writes the user's certificate to a secret named after it; the processor reads it.
    assertThat(env.get("KAFKA_SSL_KEYSTORE_KEY").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo(user.metadata().name());
    String cluster = user.metadata().labels().get("strimzi.io/cluster");
    assertThat(settings.bootstrapServers().orElseThrow())
        .as("Strimzi's bootstrap service of cluster %s", cluster)
        .startsWith(cluster + "-kafka-bootstrap:");
    assertThat(
            env.get("KAFKA_SSL_TRUSTSTORE_CERTIFICATES").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo(cluster + "-cluster-ca-cert");
  }

  // Parsing.

  private static JsonNode one(String kind) {
    assertThat(BY_KIND.get(kind)).as("documents of kind %s", kind).hasSize(1);
    return BY_KIND.get(kind).get(0);
  }

  private static <T> T strict(JsonNode doc, Class<T> type) {
    try {
      return STRICT.treeToValue(doc, type);
    } catch (IOException e) {
      throw new AssertionError("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** fabric8's model keeps unknown fields aside instead of failing: any kept one fails here. */
  private static <T> T fabric8(JsonNode doc, Class<T> type) {
    T parsed = strict(doc, type);
    List<String> unknown = new ArrayList<>();
    unknownFields(parsed, type.getSimpleName(), unknown, 0);
    assertThat(unknown).as("fields %s does not know", type.getSimpleName()).isEmpty();
    return parsed;
  }

  private static void unknownFields(Object o, String path, List<String> unknown, int depth) {
    if (o == null || depth > 30) {
      return;
    }
    if (o instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown, depth + 1));
      return;
    }
    if (o instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + i++ + "]", unknown, depth + 1);
      }
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0
          || Modifier.isStatic(m.getModifiers())
          || !m.getName().startsWith("get")
          || m.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = m.invoke(o);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
      if (m.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> unknown.add(path + "." + k));
        }
      } else {
        unknownFields(value, path + "." + m.getName().substring(3), unknown, depth + 1);
      }
    }
  }

  /** The Deployment's environment as the processor would see it; secrets and fields stand in. */
  private static Map<String, String> environment() {
    Map<String, String> out = new LinkedHashMap<>();
    env.forEach(
        (name, var) -> {
          if (var.getValueFrom() == null) {
            out.put(name, var.getValue());
          } else if (var.getValueFrom().getFieldRef() != null) {
            out.put(name, "scientist-ages-5d8f7c9b4-x2x7q");
          } else {
            assertThat(var.getValueFrom().getSecretKeyRef()).as(name).isNotNull();
            out.put(name, "-----BEGIN SECRET-----");
          }
        });
    return out;
  }

  private static TopicSpec topic(TopicSpec.Role role) {
    return TopicEnsurer.resolve(settings).stream()
        .filter(t -> t.role() == role)
        .findFirst()
        .orElseThrow();
  }

  // Strimzi's and KEDA's resources: the fields these files use, as their schemas name them.

  record Metadata(String name, String namespace, Map<String, String> labels) {}

  record KafkaTopic(String apiVersion, String kind, Metadata metadata, TopicSpecYaml spec) {}

  record TopicSpecYaml(
      String topicName, int partitions, Integer replicas, Map<String, Object> config) {}

  record KafkaUser(String apiVersion, String kind, Metadata metadata, UserSpec spec) {}

  record UserSpec(Authentication authentication, Authorization authorization) {}

  record Authentication(String type) {}

  record Authorization(String type, List<AclRule> acls) {}

  record AclRule(AclResource resource, List<String> operations, String host, String type) {}

  record AclResource(String type, String name, String patternType) {}

  /** KEDA's kafka scaler: its trigger metadata keys (keda.sh, Apache Kafka scaler). */
  private static final Set<String> KEDA_KAFKA_METADATA =
      Set.of(
          "bootstrapServers",
          "consumerGroup",
          "topic",
          "lagThreshold",
          "activationLagThreshold",
          "offsetResetPolicy",
          "allowIdleConsumers",
          "scaleToZeroOnInvalidOffset",
          "excludePersistentLag",
          "limitToPartitionsWithLag",
          "partitionLimitation",
          "sasl",
          "tls",
          "unsafeSsl",
          "version");

  record ScaledObject(String apiVersion, String kind, Metadata metadata, ScaledObjectSpec spec) {}

  record ScaledObjectSpec(
      TargetRef scaleTargetRef,
      int pollingInterval,
      int cooldownPeriod,
      int minReplicaCount,
      int maxReplicaCount,
      Advanced advanced,
      List<Trigger> triggers) {}

  record TargetRef(String name, String kind, String apiVersion) {}

  record Advanced(HpaConfig horizontalPodAutoscalerConfig) {}

  record HpaConfig(JsonNode behavior) {}

  record Trigger(String type, NameRef authenticationRef, Map<String, String> metadata) {}

  record NameRef(String name) {}

  record TriggerAuthentication(
      String apiVersion, String kind, Metadata metadata, TriggerAuthenticationSpec spec) {}

  record TriggerAuthenticationSpec(List<SecretRef> secretTargetRef) {}

  record SecretRef(String parameter, String name, String key) {}
}
