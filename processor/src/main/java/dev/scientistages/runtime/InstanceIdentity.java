package dev.scientistages.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;

/**
 * This instance's identity across restarts: an id generated once and kept in a file of its state
 * directory, locked while the instance runs, so that a restarted instance fences its predecessor's
 * open transactions, and no two live instances ever hold the same id. Kafka Streams locks its state
 * directory only for topologies with persistent stores; this one has none, hence the lock of its
 * own.
 */
public final class InstanceIdentity implements AutoCloseable {
  /** The file, in {@code <state.dir>/<application.id>/}. */
  public static final String FILE_NAME = "scientist-ages.instance-id";

  private final String id;
  private final FileChannel channel;
  private final FileLock lock;

  private InstanceIdentity(String id, FileChannel channel, FileLock lock) {
    this.id = id;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Reads (or creates) the id in this directory and locks it.
   *
   * @return empty when another live instance holds it
   * @throws UncheckedIOException when the directory or the file cannot be written
   */
  public static Optional<InstanceIdentity> acquire(Path directory) {
    FileChannel channel = null;
    try {
      Files.createDirectories(directory);
      channel =
          FileChannel.open(
              directory.resolve(FILE_NAME),
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        channel.close();
        return Optional.empty();
      }
      String id = read(channel);
      if (!isId(id)) {
        // New, or left half-written by a kill: a fresh id (its predecessor, if any, is dead).
        id = UUID.randomUUID().toString();
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(true);
      }
      return Optional.of(new InstanceIdentity(id, channel, lock));
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("Cannot keep the instance id in " + directory, e);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by this very JVM
    }
  }

  private static String read(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(128);
    channel.read(buffer, 0);
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
  }

  private static boolean isId(String s) {
    try {
      return UUID.fromString(s).toString().equals(s);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing to add to the first failure
      }
    }
  }

  /** The id: the same after a restart in the same state directory. */
  public String id() {
    return id;
  }

  /** Releases the lock: another instance may take this id now. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // the channel's close releases it too
    }
    closeQuietly(channel);
  }
}
