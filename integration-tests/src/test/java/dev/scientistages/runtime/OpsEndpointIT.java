package dev.scientistages.runtime;

import static dev.scientistages.support.LocalHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scientistages.TestApps;
import dev.scientistages.cli.ExitCode;
import dev.scientistages.config.Settings;
import dev.scientistages.deadletter.Reason;
import dev.scientistages.io.LineProducer;
import dev.scientistages.support.AppProcess;
import dev.scientistages.support.Await;
import dev.scientistages.support.LocalHttp;
import dev.scientistages.toolkit.EmbeddedKafka;
import dev.scientistages.toolkit.Ports;
import dev.scientistages.topology.RecordCounts;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP endpoint and the process lifecycle, on a real broker. */
class OpsEndpointIT {
  @TempDir Path stateDir;

  private Settings settings(String app) {
    return TestApps.settings(
        app,
        stateDir,
        Settings.INPUT_TOPIC,
        app + ".in",
        Settings.OUTPUT_TOPIC,
        app + ".out",
        Settings.HTTP_PORT,
        "0",
        "num.stream.threads",
        "1",
        "commit.interval.ms",
        "100");
  }

  /** The value of a sample in Prometheus text, e.g. {@code name{reason="X"}}. */
  private static double sample(String metrics, String series) {
    Matcher m =
        Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
            .matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  @Test
  void shouldAnswerProbesThroughRunningAndBrokerLossAndCountRecords(@TempDir Path brokerData)
      throws Exception {
    // Restarted on its port later: a port no client connection can take meanwhile.
    EmbeddedKafka broker = EmbeddedKafka.start(Ports.freeOutsideEphemeralRange(), brokerData);
    Settings settings = settings("ops-probes");
    ProcessorService service = ProcessorService.start(settings, broker.bootstrapServers());
    try {
      int port = service.httpPort();
      assertThat(port).isPositive();
      assertListensOnLoopbackOnly(port);
      // Starting: alive, and not ready until RUNNING.
      HttpResponse<String> earlyHealth = get(port, "/health");
      assertThat(earlyHealth.statusCode()).isEqualTo(200);
      Await.until(
          "readiness",
          Duration.ofSeconds(60),
          () -> {
            try {
              HttpResponse<String> r = get(port, "/ready");
              if (r.statusCode() == 503) {
                assertThat(r.body()).contains("\"status\":\"NOT_READY\"").contains("reason");
              }
              return r.statusCode() == 200;
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          });
      assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(get(port, "/ready").body())
          .contains("\"status\":\"READY\"", "\"state\":\"RUNNING\"");
      assertThat(get(port, "/health").body()).contains("\"status\":\"UP\"");

      // A batch with known bad records: the counters must add up to it.
      RecordCounts counts = service.counts();
      long readBefore = counts.readCount();
      long mappedBefore = counts.mappedCount();
      long malformedBefore = counts.deadLetteredCount(Reason.MALFORMED_JSON);
      long missingBornBefore = counts.deadLetteredCount(Reason.MISSING_BORN);
      try (LineProducer producer =
          new LineProducer(
              settings.producerProperties(broker.bootstrapServers()), settings.inputTopic())) {
        for (int i = 0; i < 20; i++) {
          producer.send("{\"name\":\"S" + i + "\",\"born\":" + (1900 + i) + "}");
        }
        producer.send("not json");
        producer.send("{\"name\":\"No Born\"}");
        producer.send("{\"name\":\"No Born 2\"}");
        producer.flush();
      }
      Await.until(
          "all 23 records counted",
          Duration.ofSeconds(60),
          () -> counts.readCount() - readBefore >= 23 && counts.unaccounted() == 0);
      assertThat(counts.readCount() - readBefore).isEqualTo(23);
      String metrics = get(port, "/metrics").body();
      assertThat(counts.mappedCount() - mappedBefore).isEqualTo(20);
      assertThat(counts.deadLetteredCount(Reason.MALFORMED_JSON) - malformedBefore).isEqualTo(1);
      assertThat(counts.deadLetteredCount(Reason.MISSING_BORN) - missingBornBefore).isEqualTo(2);
      assertThat(sample(metrics, "scientist_ages_records_mapped_total"))
          .isEqualTo((double) counts.mappedCount());
      assertThat(sample(metrics, "scientist_ages_records_read_total"))
          .isEqualTo((double) counts.readCount());
      assertThat(
              sample(
                  metrics, "scientist_ages_records_dead_lettered_total{reason=\"MISSING_BORN\"}"))
          .isEqualTo((double) counts.deadLetteredCount(Reason.MISSING_BORN));
      assertThat(sample(metrics, "scientist_ages_records_unaccounted")).isEqualTo(0.0);
      assertThat(metrics).contains("kafka_stream_thread_").contains("jvm_memory_used_bytes");

      // The broker goes away: not ready any more, still alive while the client retries.
      broker.close();
      Await.until(
          "readiness to turn 503",
          Duration.ofSeconds(30),
          () -> {
            try {
              return get(port, "/ready").statusCode() == 503;
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          });
      HttpResponse<String> health = get(port, "/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(service.failed()).isFalse();

      long start = System.nanoTime();
      service.close(Duration.ofSeconds(10));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));

      // The bounded close returned; the stream threads still try to end their transactions. A
      // process would exit here. This test's JVM goes on, so bring the broker back (same port,
      // same data) for them to finish against, rather than leave them retrying through every
      // later test.
      assertThat(closeWithTheBrokerBack(service, broker.port(), brokerData))
          .as("stream threads stopped")
          .isTrue();
    } finally {
      if (!service.close(Duration.ofSeconds(5))) {
        // Failed after the broker went away: let the threads finish, as above, so that they do
        // not retry through every later test. Never instead of the test's own failure.
        broker.close();
        try {
          if (!closeWithTheBrokerBack(service, broker.port(), brokerData)) {
            System.err.println("OpsEndpointIT: stream threads still running after the rescue");
          }
        } catch (RuntimeException e) {
          System.err.println("OpsEndpointIT: could not bring the broker back: " + e);
        }
      }
      broker.close();
    }
  }

  /**
   * The default address: 127.0.0.1 answers; other addresses of this machine, which a listener on
   * every interface answers on (127.0.0.2, on Linux also loopback, and the network's), refuse.
   */
  private static void assertListensOnLoopbackOnly(int port) throws IOException {
    assertThat(canConnect(InetAddress.getByName("127.0.0.1"), port)).isTrue();
    List<InetAddress> others = new ArrayList<>(List.of(InetAddress.getByName("127.0.0.2")));
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        Collections.list(nic.getInetAddresses()).stream()
            .filter(a -> a instanceof Inet4Address)
            .forEach(others::add);
      }
    }
    List<InetAddress> reachable = new ArrayList<>();
    try (ServerSocket everyInterface = new ServerSocket(0)) {
      for (InetAddress other : others) {
        if (canConnect(other, everyInterface.getLocalPort())) {
          reachable.add(other);
        }
      }
    }
    assertThat(reachable).as("addresses a listener on every interface answers on").isNotEmpty();
    for (InetAddress other : reachable) {
      assertThat(canConnect(other, port)).as("the endpoint answers on %s", other).isFalse();
    }
  }

  private static boolean canConnect(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Starts the broker again on its port and data, closes the service against it, stops it. */
  private static boolean closeWithTheBrokerBack(ProcessorService service, int port, Path data) {
    EmbeddedKafka again = EmbeddedKafka.start(port, data);
    try {
      return service.close(Duration.ofSeconds(90));
    } finally {
      again.close();
    }
  }

  @Test
  void shouldNeverShowSecretsAndStopOnSigtermWithinItsBoundWithItsCode(@TempDir Path dir)
      throws Exception {
    try (EmbeddedKafka broker = EmbeddedKafka.start(0, null)) {
      String secret = "s3cr3t-" + System.nanoTime();
      Path config = dir.resolve("app.properties");
      // SASL settings as a user would give them; the test broker speaks PLAINTEXT, so the
      // client keeps them in its configuration without using them.
      Files.writeString(
          config,
          "sasl.mechanism=SCRAM-SHA-512\n"
              + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule"
              + " required username=\"ages\" password=\""
              + secret
              + "\";\n"
              + "ssl.truststore.password="
              + secret
              + "\nssl.key.password="
              + secret
              + "\n");
      try (AppProcess child =
          AppProcess.start(
              dir,
              "ops-secrets",
              "run",
              "--config",
              config.toString(),
              "-b",
              broker.bootstrapServers(),
              "--application-id",
              "ops-secrets",
              "-s",
              "ages.http.port=0",
              "-s",
              "state.dir=" + dir.resolve("state"),
              "-s",
              "ages.topic.input=ops-secrets.in",
              "-s",
              "ages.topic.output=ops-secrets.out",
              "-s",
              "errors.dead.letter.queue.topic.name=ops-secrets.dlq")) {
        int port = LocalHttp.awaitReady(child, Duration.ofSeconds(120));
        String metrics = get(port, "/metrics").body();
        assertThat(metrics).doesNotContain(secret);

        long stopAsked = System.nanoTime();
        int exit = child.stop(Duration.ofSeconds(45));
        assertThat(Duration.ofNanos(System.nanoTime() - stopAsked))
            .isLessThan(ProcessorService.CLOSE_TIMEOUT.plusSeconds(10));
        // The JVM's code for SIGTERM, once the hook's clean stop is done: what docs promise.
        assertThat(exit).isEqualTo(ExitCode.TERMINATED.code());
        String logs = child.stderr();
        assertThat(logs).contains("Effective configuration").contains("sasl.jaas.config=[hidden]");
        assertThat(logs).contains("Processor stopped in");
        assertThat(logs).doesNotContain(secret);
        assertThat(child.stdout()).doesNotContain(secret);
      }
    }
  }

  @Test
  void shouldStopConsumeOnSigtermWithItsCode(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka broker = EmbeddedKafka.start(0, null)) {
      Settings settings = settings("ops-consume");
      try (Admin admin = Admin.create(settings.adminProperties(broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(settings.inputTopic(), 1, (short) 1))).all().get();
      }
      try (LineProducer producer =
          new LineProducer(
              settings.producerProperties(broker.bootstrapServers()), settings.inputTopic())) {
        producer.send("{\"name\":\"Ada Lovelace\",\"born\":1815}").get();
      }
      try (AppProcess consume =
          AppProcess.start(
              dir,
              "ops-consume",
              "consume",
              "-b",
              broker.bootstrapServers(),
              "--topic",
              settings.inputTopic(),
              "--from-beginning")) {
        consume.awaitOutput(Pattern.compile("Ada Lovelace"), Duration.ofSeconds(60));
        assertThat(consume.stop(Duration.ofSeconds(30))).isEqualTo(ExitCode.TERMINATED.code());
      }
    }
  }
}
