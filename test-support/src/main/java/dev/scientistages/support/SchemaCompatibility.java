package dev.scientistages.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The changes between two versions of a JSON Schema that break its readers or its writers, for the
 * keywords the topics' schemas use (docs/contracts.md, How they evolve). Each break is one line,
 * {@code <where> <keyword>: <what changed>}; its part before the colon is what a marker of an
 * intended break names.
 */
public final class SchemaCompatibility {
  /** Who must keep working across the change. */
  public enum Direction {
    /**
     * A schema of what the processor writes: every record it writes must stay valid under the old
     * schema, so that existing readers keep reading. The schema may only narrow.
     */
    WRITTEN,
    /**
     * A schema of what the processor reads: every record valid under the old schema must stay
     * valid, so that existing writers keep being read. The schema may only widen.
     */
    READ
  }

  private SchemaCompatibility() {}

  /** The breaking changes from {@code before} to {@code after}; empty when compatible. */
  public static List<String> breaks(JsonNode before, JsonNode after, Direction direction) {
    List<String> out = new ArrayList<>();
    compare("", before, after, direction == Direction.WRITTEN, out);
    return out;
  }

  /** {@code narrow}: the new schema may only narrow (WRITTEN); else only widen (READ). */
  private static void compare(
      String at, JsonNode before, JsonNode after, boolean narrow, List<String> out) {
    String where = at.isEmpty() ? "/" : at;
    Set<String> typesBefore = texts(before.path("type"));
    Set<String> typesAfter = texts(after.path("type"));
    if (!typesBefore.equals(typesAfter)
        && !(narrow
            ? contains(typesBefore, typesAfter, "integer")
            : contains(typesAfter, typesBefore, "integer"))) {
      out.add(where + " type: " + typesBefore + " -> " + typesAfter);
    }
    Set<String> requiredBefore = texts(before.path("required"));
    Set<String> requiredAfter = texts(after.path("required"));
    Set<String> lost = new TreeSet<>(narrow ? requiredBefore : requiredAfter);
    lost.removeAll(narrow ? requiredAfter : requiredBefore);
    for (String name : lost) {
      out.add(where + " required: " + name + (narrow ? " no longer required" : " now required"));
    }
    bound(where, "minimum", before, after, narrow, true, out);
    bound(where, "minLength", before, after, narrow, true, out);
    bound(where, "maximum", before, after, narrow, false, out);
    bound(where, "maxLength", before, after, narrow, false, out);
    if (!before.path("pattern").equals(after.path("pattern"))) {
      out.add(where + " pattern: " + before.path("pattern") + " -> " + after.path("pattern"));
    }
    if (before.has("enum") && after.has("enum")) {
      Set<String> gone = new TreeSet<>(texts((narrow ? after : before).path("enum")));
      gone.removeAll(texts((narrow ? before : after).path("enum")));
      if (!gone.isEmpty()) {
        out.add(where + " enum: " + (narrow ? "values added " : "values removed ") + gone);
      }
    } else if (before.has("enum") != after.has("enum") && before.has("enum") == narrow) {
      out.add(where + " enum: " + (narrow ? "removed" : "added"));
    }
    // Closed to unknown fields: the closed side must know every field the other side has.
    JsonNode closed = narrow ? before : after;
    JsonNode other = narrow ? after : before;
    if (closed.path("additionalProperties").isBoolean()
        && !closed.path("additionalProperties").booleanValue()) {
      if (!other.path("additionalProperties").isBoolean()
          || other.path("additionalProperties").booleanValue()) {
        out.add(where + " additionalProperties: " + (narrow ? "opened" : "closed"));
      }
      Set<String> unknown = new TreeSet<>(names(other.path("properties")));
      unknown.removeAll(names(closed.path("properties")));
      for (String name : unknown) {
        out.add(where + " properties: " + name + (narrow ? " added" : " removed"));
      }
    }
    for (String name : names(before.path("properties"))) {
      JsonNode next = after.path("properties").path(name);
      if (next.isMissingNode()) {
        if (narrow) {
          out.add(where + " properties: " + name + " removed");
        }
      } else {
        compare(
            at + "/properties/" + name, before.path("properties").path(name), next, narrow, out);
      }
    }
  }

  /** Whether {@code wide} holds every type of {@code tight}, an integer counting as a number. */
  private static boolean contains(Set<String> wide, Set<String> tight, String integer) {
    for (String t : tight) {
      if (!wide.contains(t) && !(t.equals(integer) && wide.contains("number"))) {
        return false;
      }
    }
    return true;
  }

  /**
   * A lower ({@code lower}) or upper bound: narrowing moves a lower bound up and an upper bound
   * down; a bound that appears narrows, one that goes away widens.
   */
  private static void bound(
      String where,
      String keyword,
      JsonNode before,
      JsonNode after,
      boolean narrow,
      boolean lower,
      List<String> out) {
    JsonNode b = before.path(keyword);
    JsonNode a = after.path(keyword);
    if (b.equals(a)) {
      return;
    }
    boolean narrowed;
    if (b.isMissingNode()) {
      narrowed = true;
    } else if (a.isMissingNode()) {
      narrowed = false;
    } else {
      int c = a.decimalValue().compareTo(b.decimalValue());
      narrowed = lower ? c > 0 : c < 0;
    }
    if (narrowed != narrow) {
      out.add(where + " " + keyword + ": " + text(b) + " -> " + text(a));
    }
  }

  private static String text(JsonNode n) {
    return n.isMissingNode() ? "none" : n.toString();
  }

  private static Set<String> texts(JsonNode n) {
    Set<String> out = new LinkedHashSet<>();
    if (n.isTextual()) {
      out.add(n.textValue());
    }
    n.forEach(e -> out.add(e.asText()));
    return out;
  }

  private static Set<String> names(JsonNode object) {
    Set<String> out = new TreeSet<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
