package dev.scientistages.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;

/**
 * An input record of topic {@code scientists}: {@code {"name": "Ada Lovelace", "born": 1815}}.
 *
 * <p>Both fields are nullable here: a record is read as it is and judged by {@link
 * dev.scientistages.topology.AgeCalculator}, so that a missing field becomes a dead-letter reason
 * rather than a parse error. {@code born} must be a JSON integer that fits an {@code int}: a string
 * such as {@code "1815"}, a fraction or a number out of range is rejected while reading.
 */
public record Scientist(
    String name, @JsonDeserialize(using = Scientist.WholeYear.class) Integer born) {

  /** Reads a JSON integer that fits an int; anything else fails with the field in the path. */
  static final class WholeYear extends JsonDeserializer<Integer> {
    @Override
    public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NUMBER_INT
          && p.getNumberType() == JsonParser.NumberType.INT) {
        return p.getIntValue();
      }
      throw InvalidFormatException.from(
          p, "born must be a whole number (a year)", p.getText(), Integer.class);
    }
  }
}
