package dev.scientistages.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of this JVM, and of the threads whose names carry a run's id (its clients' threads:
 * Kafka names them after the client id), in nanoseconds.
 */
final class CpuClock {
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  private CpuClock() {}

  /**
   * Time the JIT compiler threads have spent compiling since the JVM started, in milliseconds; 0
   * where the JVM does not say. Compiling competes with the clients for the cores: a run during
   * which it is high measured a JVM still warming up.
   */
  static long jitMillis() {
    return JIT != null && JIT.isCompilationTimeMonitoringSupported()
        ? JIT.getTotalCompilationTime()
        : 0;
  }

  static long currentThreadNanos() {
    return THREADS.getCurrentThreadCpuTime();
  }

  static long processNanos() {
    return OS.getProcessCpuTime();
  }

  /**
   * CPU time of the live threads whose name contains {@code fragment}. Read it before the clients
   * close: a thread that has ended no longer counts.
   */
  static long threadNanos(String fragment) {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().contains(fragment)) {
        long nanos = THREADS.getThreadCpuTime(t.getId());
        sum += Math.max(0, nanos);
      }
    }
    return sum;
  }
}
