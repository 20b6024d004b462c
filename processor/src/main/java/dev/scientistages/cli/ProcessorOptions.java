package dev.scientistages.cli;

import dev.scientistages.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options of the verbs that run the processor ({@code run}, {@code demo}). */
public final class ProcessorOptions {
  @Option(
      names = "--reference-year",
      paramLabel = "YEAR|record-time",
      descriptionKey = "reference-year",
      description =
          "Year ages are counted to (ages.reference.year): a year such as 2017, or record-time,"
              + " the UTC year of each record's timestamp (the default).")
  String referenceYear;

  @Option(
      names = "--threads",
      paramLabel = "N",
      converter = Bounded.Count.class,
      description = "Stream threads (num.stream.threads; default: the number of cores).")
  Integer threads;

  @Option(
      names = "--guarantee",
      paramLabel = "exactly_once_v2|at_least_once",
      description = "Processing guarantee (processing.guarantee; default exactly_once_v2).")
  String guarantee;

  @Option(
      names = "--application-id",
      paramLabel = "ID",
      description =
          "Kafka Streams application.id (default scientist-ages): instances with the same id"
              + " share the partitions.")
  String applicationId;

  /** The settings these options give, by key. */
  public Map<String, String> flags() {
    Map<String, String> flags = new LinkedHashMap<>();
    if (referenceYear != null) {
      flags.put(Settings.REFERENCE_YEAR, referenceYear);
    }
    if (threads != null) {
      flags.put("num.stream.threads", threads.toString());
    }
    if (guarantee != null) {
      flags.put("processing.guarantee", guarantee);
    }
    if (applicationId != null) {
      flags.put("application.id", applicationId);
    }
    return flags;
  }
}
