package dev.scientistages.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into lines of raw bytes ({@code \n} or {@code \r\n} ends a line), so that a line
 * is sent exactly as it is, even when it is not valid UTF-8.
 */
public final class ByteLines implements AutoCloseable {
  private final InputStream in;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

  public ByteLines(InputStream in) {
    this.in = new BufferedInputStream(in, 1 << 16);
  }

  /** The next line without its terminator, or null at the end. */
  public byte[] next() throws IOException {
    line.reset();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        return withoutCarriageReturn();
      }
      line.write(b);
    }
    return line.size() == 0 ? null : withoutCarriageReturn();
  }

  private byte[] withoutCarriageReturn() {
    byte[] bytes = line.toByteArray();
    if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
      return Arrays.copyOf(bytes, bytes.length - 1);
    }
    return bytes;
  }

  /** True for a line of only white space (spaces, tabs). */
  public static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
