package dev.scientistages.serde;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One generic Jackson serde for the records of this application.
 *
 * <p>Null bytes and null objects map to each other (a Kafka tombstone stays a tombstone). Reading
 * is strict about shapes and types (no coercion of strings to numbers or numbers to strings, no
 * fractions into integers, one JSON value per record) and tolerant of unknown fields. Every failure
 * is a {@link SerializationException} whose cause is the Jackson exception that says what was
 * wrong.
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

  /** Shared by every serde: an ObjectMapper is thread-safe once configured. */
  public static final ObjectMapper MAPPER = newMapper();

  private final Class<T> type;
  private final ObjectReader reader;
  private final ObjectWriter writer;

  private JsonSerde(Class<T> type) {
    this.type = type;
    this.reader = MAPPER.readerFor(type);
    this.writer = MAPPER.writerFor(type);
  }

  public static <T> JsonSerde<T> of(Class<T> type) {
    return new JsonSerde<>(type);
  }

  private static ObjectMapper newMapper() {
    JsonMapper mapper =
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return mapper;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      return writer.writeValueAsBytes(data);
    } catch (IOException e) {
      throw new SerializationException(
          "Cannot write " + type.getSimpleName() + " as JSON: " + messageOf(e), e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    int invalid = firstInvalidUtf8(data);
    if (invalid >= 0) {
      // Jackson decodes some invalid UTF-8 (overlong forms, encoded surrogates) without a word.
      throw new SerializationException(
          "Cannot read " + type.getSimpleName() + " from JSON: invalid UTF-8 at byte " + invalid,
          new JsonParseException(null, "invalid UTF-8 at byte " + invalid));
    }
    try (JsonParser parser = MAPPER.createParser(data)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new JsonParseException(parser, "no JSON value (" + data.length + " bytes)");
      }
      if (first == JsonToken.VALUE_NULL) {
        throw MismatchedInputException.from(
            parser, type, "JSON null where a " + type.getSimpleName() + " object was expected");
      }
      T value = reader.readValue(parser);
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, "more than one JSON value in one record");
      }
      return value;
    } catch (IOException e) {
      throw new SerializationException(
          "Cannot read " + type.getSimpleName() + " from JSON: " + messageOf(e), e);
    }
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // Nothing to configure: the mapper is fixed so that every instance reads alike.
  }

  @Override
  public void close() {
    // Holds no resources.
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  /**
   * The index of the first byte that is not part of a well-formed UTF-8 sequence (Unicode's table
   * of well-formed byte sequences: no overlong form, no surrogate, nothing above U+10FFFF), or -1.
   */
  public static int firstInvalidUtf8(byte[] b) {
    return firstInvalidUtf8(b, 0, b.length);
  }

  /** As {@link #firstInvalidUtf8(byte[])}, for the bytes from {@code from} to before {@code to}. */
  public static int firstInvalidUtf8(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        i++;
        continue;
      }
      int n; // continuation bytes
      int lo = 0x80;
      int hi = 0xBF; // range of the first continuation byte
      if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
      } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
      } else {
        return i;
      }
      if (i + n >= to) {
        return i;
      }
      int first = b[i + 1] & 0xFF;
      if (first < lo || first > hi) {
        return i;
      }
      for (int k = 2; k <= n; k++) {
        int next = b[i + k] & 0xFF;
        if (next < 0x80 || next > 0xBF) {
          return i;
        }
      }
      i += n + 1;
    }
    return -1;
  }

  private static String messageOf(IOException e) {
    return e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
  }
}
