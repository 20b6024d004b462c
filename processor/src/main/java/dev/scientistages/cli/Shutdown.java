package dev.scientistages.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Ctrl-C and SIGTERM: one JVM shutdown hook that runs a verb's clean-up and lets the verb's main
 * thread know. While the hook runs, nobody may call {@link System#exit} (it would wait for the hook
 * forever), hence {@link #inProgress()}.
 */
public final class Shutdown {
  private final CountDownLatch done = new CountDownLatch(1);
  private final Thread hook;
  private volatile boolean started;

  private Shutdown(Runnable cleanUp) {
    this.hook =
        new Thread(
            () -> {
              started = true;
              try {
                cleanUp.run();
              } finally {
                done.countDown();
              }
            },
            "scientist-ages-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Runs {@code cleanUp} on Ctrl-C or SIGTERM (or System.exit), once. */
  public static Shutdown onSignal(Runnable cleanUp) {
    return new Shutdown(cleanUp);
  }

  /** True once the JVM has begun to shut down: it refuses new hooks from then on. */
  public static boolean inProgress() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  /** True if the hook has started, i.e. the process is stopping on a signal. */
  public boolean signalled() {
    return started;
  }

  /** Waits for the hook's clean-up to finish. */
  public void awaitCleanUp() throws InterruptedException {
    done.await();
  }

  /** Takes the hook away when the verb has cleaned up by itself. */
  public void cancel() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Shutdown began meanwhile: the hook runs and is harmless twice.
    }
  }
}
