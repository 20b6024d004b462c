package dev.scientistages.serde;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.scientistages.model.Scientist;
import java.io.IOException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a {@link Scientist} with Jackson's streaming parser when the record has the plain shape (an
 * object whose {@code name} is a string or null and whose {@code born} is an int or null, each at
 * most once, other fields skipped), and hands anything else to {@link JsonSerde}, byte for byte:
 * the same values, and for bad input the same failures, messages and dead-letter reasons, without
 * databind's per-record machinery on the common path.
 */
public final class ScientistDeserializer implements Deserializer<Scientist> {
  private final JsonSerde<Scientist> strict = JsonSerde.of(Scientist.class);

  @Override
  public Scientist deserialize(String topic, byte[] data) {
    if (data == null || JsonSerde.firstInvalidUtf8(data) >= 0) {
      return strict.deserialize(topic, data);
    }
    Scientist plain = plain(data);
    return plain != null ? plain : strict.deserialize(topic, data);
  }

  /** The scientist, or null when the record is anything but the plain shape. */
  private static Scientist plain(byte[] data) {
    try (JsonParser p = JsonSerde.MAPPER.createParser(data)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String name = null;
      Integer born = null;
      boolean sawName = false;
      boolean sawBorn = false;
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        if (t != JsonToken.FIELD_NAME) {
          return null;
        }
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("name".equals(field)) {
          if (sawName || (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL)) {
            return null;
          }
          sawName = true;
          name = value == JsonToken.VALUE_NULL ? null : p.getText();
        } else if ("born".equals(field)) {
          if (sawBorn) {
            return null;
          }
          sawBorn = true;
          if (value == JsonToken.VALUE_NUMBER_INT
              && p.getNumberType() == JsonParser.NumberType.INT) {
            born = p.getIntValue();
          } else if (value != JsonToken.VALUE_NULL) {
            return null;
          }
        } else if (value == null) {
          return null;
        } else {
          p.skipChildren();
        }
      }
      return p.nextToken() == null ? new Scientist(name, born) : null;
    } catch (IOException | RuntimeException e) {
      // Malformed on the way: the strict reader says how, as it always has.
      return null;
    }
  }
}
