package dev.scientistages.serde;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.scientistages.model.ScientistAge;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a {@link ScientistAge} byte for byte as {@link JsonSerde} does, {@code {"name":
 * "...","age":N}}, with Jackson's streaming generator: the same escaping, without databind's
 * per-record serializer machinery (the output side of the per-record path).
 */
public final class ScientistAgeSerializer implements Serializer<ScientistAge> {
  @Override
  public byte[] serialize(String topic, ScientistAge data) {
    if (data == null) {
      return null;
    }
    try (ByteArrayBuilder bytes = new ByteArrayBuilder(32 + data.name().length());
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
