package dev.scientistages.serde;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.scientistages.model.ScientistAge;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a {@link ScientistAge} byte for byte as {@link JsonSerde} does, {@code
 * {"name":"...","age":N}}. A name that JSON writes as it is (no quote, backslash, control character
 * or surrogate) is copied straight into an array of the exact size; any other goes through
 * Jackson's generator, which owns the escaping rules. Creating a generator per record cost more
 * than the copy; see docs/benchmark.md.
 */
public final class ScientistAgeSerializer implements Serializer<ScientistAge> {
  private static final byte[] HEAD = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"'};
  private static final byte[] MIDDLE = {'"', ',', '"', 'a', 'g', 'e', '"', ':'};

  @Override
  public byte[] serialize(String topic, ScientistAge data) {
    if (data == null) {
      return null;
    }
    byte[] copied = copied(data.name(), data.age());
    return copied != null ? copied : generated(data);
  }

  /** The JSON, when the name needs no escape; else null. */
  static byte[] copied(String name, int age) {
    if (name == null) {
      return null;
    }
    int nameBytes = 0;
    for (int k = 0; k < name.length(); k++) {
      char c = name.charAt(k);
      if (c < 0x80) {
        if (c < 0x20 || c == '"' || c == '\\') {
          return null;
        }
        nameBytes += 1;
      } else if (c < 0x800) {
        nameBytes += 2;
      } else if (Character.isSurrogate(c)) {
        return null;
      } else {
        nameBytes += 3;
      }
    }
    long value = Math.abs((long) age);
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    int sign = age < 0 ? 1 : 0;
    byte[] out = new byte[HEAD.length + nameBytes + MIDDLE.length + sign + digits + 1];
    System.arraycopy(HEAD, 0, out, 0, HEAD.length);
    int i = HEAD.length;
    for (int k = 0; k < name.length(); k++) {
      char c = name.charAt(k);
      if (c < 0x80) {
        out[i++] = (byte) c;
      } else if (c < 0x800) {
        out[i++] = (byte) (0xC0 | (c >> 6));
        out[i++] = (byte) (0x80 | (c & 0x3F));
      } else {
        out[i++] = (byte) (0xE0 | (c >> 12));
        out[i++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[i++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    System.arraycopy(MIDDLE, 0, out, i, MIDDLE.length);
    i += MIDDLE.length;
    if (sign == 1) {
      out[i] = '-';
    }
    out[out.length - 1] = '}';
    for (int k = out.length - 2; k >= out.length - 1 - digits; k--) {
      out[k] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return out;
  }

  private static byte[] generated(ScientistAge data) {
    try (ByteArrayBuilder bytes = new ByteArrayBuilder(64);
        JsonGenerator json = JsonSerde.MAPPER.getFactory().createGenerator(bytes)) {
      json.writeStartObject();
      json.writeStringField("name", data.name());
      json.writeNumberField("age", data.age());
      json.writeEndObject();
      json.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new SerializationException("Cannot write ScientistAge as JSON: " + e.getMessage(), e);
    }
  }
}
