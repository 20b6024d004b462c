package dev.scientistages.toolkit;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * The server properties of the toolkit's single-node broker: KRaft broker and controller in one
 * node on {@code 127.0.0.1}, one replica for every internal topic. One source for the broker in
 * this JVM ({@link EmbeddedKafka}) and the same broker in a JVM of its own ({@link BrokerJvm}).
 */
final class BrokerProperties {
  static final String HOST = "127.0.0.1";
  static final int NODE_ID = 1;

  private BrokerProperties() {}

  /** With PLAINTEXT listeners and no extra property. */
  static Properties of(int brokerPort, int controllerPort, Path dir) {
    return of(
        brokerPort,
        controllerPort,
        dir,
        SecurityProtocol.PLAINTEXT,
        SecurityProtocol.PLAINTEXT,
        Map.of());
  }

  /**
   * With the given protocols on the client (and inter-broker) listener and on the controller
   * listener, and {@code extra} properties set last.
   */
  static Properties of(
      int brokerPort,
      int controllerPort,
      Path dir,
      SecurityProtocol listenerProtocol,
      SecurityProtocol controllerProtocol,
      Map<String, String> extra) {
    Properties p = new Properties();
    String listener = listenerProtocol.name;
    // KRaft, one node that is both broker and controller, on the loopback interface only.
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(NODE_ID));
    p.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.setProperty(
        "listeners",
        listener
            + "://"
            + HOST
            + ":"
            + brokerPort
            + ",CONTROLLER://"
            + HOST
            + ":"
            + controllerPort);
    p.setProperty("advertised.listeners", listener + "://" + HOST + ":" + brokerPort);
    p.setProperty(
        "listener.security.protocol.map",
        listener + ":" + listener + ",CONTROLLER:" + controllerProtocol.name);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", listener);
    p.setProperty("log.dirs", dir.toString());

    // One node: every internal topic has one replica, so that transactions and EOS work.
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    // Ends a dead producer's timed-out transaction within a second of its timeout, not ten:
    // until then read_committed readers cannot see past it (fast failover).
    p.setProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
    // The application creates its topics itself.
    p.setProperty("auto.create.topics.enable", "false");

    // Modest resources: this broker shares a small machine with the application.
    p.setProperty("num.network.threads", "2");
    p.setProperty("num.io.threads", "2");
    p.setProperty("background.threads", "2");
    p.setProperty("num.recovery.threads.per.data.dir", "1");
    p.setProperty("log.cleaner.threads", "1");
    p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    p.setProperty("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
    extra.forEach(p::setProperty);
    return p;
  }

  /**
   * Splits a combined node's properties: {@code broker} becomes a broker only, and the returned
   * properties are those of its KRaft controller, node {@code controllerId} on {@code
   * controllerPort} with its metadata log in {@code controllerDir}.
   */
  static Properties separateController(
      Properties broker, int controllerId, int controllerPort, Path controllerDir) {
    Properties controller = new Properties();
    controller.putAll(broker);
    controller.setProperty("process.roles", "controller");
    controller.setProperty("node.id", Integer.toString(controllerId));
    controller.setProperty("listeners", "CONTROLLER://" + HOST + ":" + controllerPort);
    controller.setProperty("log.dirs", controllerDir.toString());
    controller.remove("advertised.listeners");
    controller.remove("inter.broker.listener.name");
    broker.setProperty("process.roles", "broker");
    // The client listener alone, as advertised: the controller listener moves to the controller.
    broker.setProperty("listeners", broker.getProperty("advertised.listeners"));
    for (Properties p : new Properties[] {controller, broker}) {
      p.setProperty("controller.quorum.voters", controllerId + "@" + HOST + ":" + controllerPort);
    }
    return controller;
  }
}
