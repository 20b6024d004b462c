package dev.scientistages.redrive;

import dev.scientistages.topics.TopicSetupException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One partition of the dead-letter topic in a run: where the run starts and ends in it, how far it
 * has read, and the position it committed there.
 */
final class PartitionRun {
  final TopicPartition partition;
  final RedrivePosition initial;
  final PartitionSelection selection;
  final long start;
  final long end;
  long position;
  long firstUnhandled = -1;
  RedrivePosition committed;

  PartitionRun(
      TopicPartition partition,
      RedrivePosition initial,
      PartitionSelection selection,
      long start,
      long end) {
    this.partition = partition;
    this.initial = initial;
    this.selection = selection;
    this.start = start;
    this.end = end;
    this.position = start;
    this.committed = initial;
  }

  /** Each partition's committed position, and where a run of this request ends in it. */
  static Map<TopicPartition, PartitionRun> plan(
      KafkaConsumer<byte[], byte[]> consumer, Redrive.Request request) {
    Map<TopicPartition, PartitionRun> runs = new LinkedHashMap<>();
    String topic = request.deadLetterTopic();
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Redrive.TIMEOUT).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
            .toList();
    if (partitions.isEmpty()) {
      throw new TopicSetupException("The dead-letter topic '" + topic + "' does not exist");
    }
    request.selection().checkPartitions(topic, partitions.size());
    Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(new HashSet<>(partitions), Redrive.TIMEOUT);
    Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, Redrive.TIMEOUT);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Redrive.TIMEOUT);
    for (TopicPartition tp : partitions) {
      RedrivePosition initial;
      try {
        initial = RedrivePosition.of(committed.get(tp));
      } catch (IllegalArgumentException e) {
        throw new Redrive.Failure(
            "Consumer group '"
                + request.groupId()
                + "' holds something other than a redrive position for "
                + tp
                + " ("
                + e.getMessage()
                + "); is the group used by another client?",
            e);
      }
      PartitionSelection selection = request.selection().forPartition(tp.partition());
      long start = Math.max(initial.watermark(), beginnings.get(tp));
      long end =
          Math.max(start, Math.min(ends.get(tp), request.selection().untilOffset(tp.partition())));
      int size = initial.after(selection, start, end).metadata().length();
      if (size > RedrivePosition.MAX_METADATA_CHARS) {
        throw new InvalidSelectionException(
            "--key: the selection is too large to be kept with the redrive position of "
                + tp
                + " ("
                + size
                + " characters, Kafka keeps "
                + RedrivePosition.MAX_METADATA_CHARS
                + "): select fewer keys, or redrive what earlier narrow selections left first");
      }
      runs.put(tp, new PartitionRun(tp, initial, selection, start, end));
    }
    return runs;
  }

  void unhandled(long offset) {
    if (firstUnhandled < 0) {
      firstUnhandled = offset;
    }
  }

  RedrivePosition current() {
    return initial.after(selection, firstUnhandled, position);
  }
}
