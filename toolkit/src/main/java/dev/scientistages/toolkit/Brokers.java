package dev.scientistages.toolkit;

import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Waiting for a starting cluster, the one way its own JVMs are known to be ready. */
final class Brokers {
  private Brokers() {}

  /**
   * Asks the cluster at {@code bootstrapServers} for its brokers until it lists at least {@code
   * count}; between two tries runs {@code pause}, which sleeps a little or throws to give up.
   */
  static void awaitListed(String bootstrapServers, int count, Runnable pause) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    try (Admin admin = Admin.create(p)) {
      while (true) {
        try {
          if (admin
                  .describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                  .nodes()
                  .get(4, TimeUnit.SECONDS)
                  .size()
              >= count) {
            return;
          }
        } catch (Exception e) {
          // Not ready yet: try again until the pause gives up.
        }
        pause.run();
      }
    }
  }
}
