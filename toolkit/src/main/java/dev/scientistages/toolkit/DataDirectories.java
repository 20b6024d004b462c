package dev.scientistages.toolkit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directories of the embedded brokers running in this JVM, so that a second broker on a
 * directory in use is refused before Kafka opens anything in it.
 */
final class DataDirectories {
  private static final Logger LOG = LoggerFactory.getLogger(DataDirectories.class);
  private static final String LOCK_FILE = ".lock";

  /**
   * By file identity (so that a symlink or another spelling of a path is the same directory).
   * Checked before the lock file: closing any channel on that file would release this JVM's lock on
   * it (POSIX locks belong to the process), letting another process start a second broker on the
   * directory.
   */
  private static final Set<Object> IN_USE = ConcurrentHashMap.newKeySet();

  private DataDirectories() {}

  /**
   * Claims {@code dir} for a broker of this JVM and returns the claim to {@link #release(Object)};
   * fails if a broker of this JVM, or (when {@code checkLock}) of another process, holds it.
   */
  static Object claim(Path dir, boolean checkLock) {
    Object key = fileKey(dir);
    if (!IN_USE.add(key)) {
      throw inUse(dir);
    }
    try {
      if (checkLock) {
        requireNotInUse(dir);
      }
    } catch (RuntimeException e) {
      IN_USE.remove(key);
      throw e;
    }
    return key;
  }

  static void release(Object claim) {
    IN_USE.remove(claim);
  }

  /**
   * Fails if another Kafka broker (in this JVM or another process) holds the lock of the directory.
   * Kafka checks this itself, but in combined mode only after its controller has already opened the
   * metadata log in that directory, which the running broker is writing too.
   */
  private static void requireNotInUse(Path dir) {
    Path lockFile = dir.resolve(LOCK_FILE);
    if (!Files.exists(lockFile)) {
      return;
    }
    boolean locked;
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      locked = lock == null;
      if (lock != null) {
        lock.release();
      }
    } catch (OverlappingFileLockException e) {
      locked = true; // held by a Kafka server in this JVM not started by this class
    } catch (IOException e) {
      LOG.debug("Could not check the lock of {}; Kafka will check it", lockFile, e);
      return;
    }
    if (locked) {
      throw inUse(dir);
    }
  }

  private static IllegalStateException inUse(Path dir) {
    return new IllegalStateException(
        "Cannot start the embedded Kafka broker: the data directory "
            + dir
            + " is in use by another Kafka broker (stop it, or use another data directory)");
  }

  /** The directory's identity on its file system (device and inode), or its real path. */
  private static Object fileKey(Path dir) {
    try {
      Object key = Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
      return key != null ? key : dir.toRealPath();
    } catch (IOException e) {
      return dir;
    }
  }
}
