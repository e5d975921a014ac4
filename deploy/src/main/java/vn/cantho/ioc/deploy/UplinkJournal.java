package vn.cantho.ioc.deploy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The embedded broker's record of the uplinks it acknowledged to devices but the node has not yet
 * committed (ADR 0026). Each uplink is written to the file before the device gets its PUBACK; after
 * a crash, the next start hands what is left to the node again, and the readings' unique key drops
 * what had been committed after all.
 *
 * <p>A write reaches the operating system, not the disk: the journal survives the process's death
 * (kill -9), not a power loss. That is HiveMQ's own promise for its queues, whose file persistence
 * writes without fsync (its {@code XODUS_PERSISTENCE_ENVIRONMENT_DURABLE_WRITES_ENABLED} is false).
 *
 * <p>Files are segments named {@code g<generation>-s<segment>.log}; each start is a new generation,
 * so the name order is the write order. A segment is deleted once every uplink in it is committed.
 * Each record is {@code [length][CRC32C][topic length][topic][payload]}; a torn or corrupt record
 * ends the reading of its segment.
 */
final class UplinkJournal implements AutoCloseable {
  /** A segment this big is closed and a new one started, so committed ones can be deleted. */
  static final long SEGMENT_BYTES = 8L * 1024 * 1024;

  private static final int HEADER_BYTES = 4 + 4 + 2;

  /** One journaled uplink. */
  record Entry(long seq, String topic, byte[] payload) {}

  private final Path dir;
  private final int generation;
  private final List<Path> leftover;
  private final Deque<Segment> segments = new ArrayDeque<>();
  private final TreeSet<Long> committedAhead = new TreeSet<>();
  private FileChannel current;
  private long nextSeq;

  /** Every sequence number at or below this is committed. */
  private long committedUpTo = -1;

  private int nextSegment;

  /** A segment: its file, and where its uplinks end (exclusive). */
  private static final class Segment {
    final Path file;
    long endSeq;

    Segment(Path file, long startSeq) {
      this.file = file;
      this.endSeq = startSeq;
    }
  }

  private UplinkJournal(Path dir, int generation, List<Path> leftover) {
    this.dir = dir;
    this.generation = generation;
    this.leftover = leftover;
  }

  /** Opens the journal in a folder; what an earlier run left there is {@link #leftover()}. */
  static UplinkJournal open(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> leftover;
    try (Stream<Path> files = Files.list(dir)) {
      leftover = files.filter(UplinkJournal::isSegment).sorted().toList();
    }
    int generation = leftover.stream().mapToInt(UplinkJournal::generationOf).max().orElse(0) + 1;
    return new UplinkJournal(dir, generation, leftover);
  }

  /** Segments of earlier runs, oldest first: acknowledged to devices, perhaps never committed. */
  List<Path> leftover() {
    return leftover;
  }

  /** Writes an uplink and returns its sequence number; the device may be acknowledged after it. */
  synchronized long append(String topic, byte[] payload) throws IOException {
    if (current == null) {
      startSegment();
    }
    byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
    int length = HEADER_BYTES + topicBytes.length + payload.length;
    ByteBuffer record = ByteBuffer.allocate(length);
    record.putInt(length).putInt(0).putShort((short) topicBytes.length);
    record.put(topicBytes).put(payload);
    CRC32C crc = new CRC32C();
    crc.update(record.array(), 8, length - 8);
    record.putInt(4, (int) crc.getValue());
    record.flip();
    while (record.hasRemaining()) {
      current.write(record);
    }
    long seq = nextSeq++;
    Segment segment = segments.getLast();
    segment.endSeq = nextSeq;
    if (current.position() >= SEGMENT_BYTES) {
      current.close();
      current = null;
      deleteCommittedSegments();
    }
    return seq;
  }

  /** Marks an uplink committed; segments whose uplinks all are go. */
  synchronized void committed(long seq) throws IOException {
    if (seq <= committedUpTo) {
      return;
    }
    if (seq == committedUpTo + 1) {
      committedUpTo = seq; // the usual case: commits come in order
    } else {
      committedAhead.add(seq);
    }
    while (!committedAhead.isEmpty() && committedAhead.first() == committedUpTo + 1) {
      committedUpTo = committedAhead.pollFirst();
    }
    deleteCommittedSegments();
  }

  /** Uplinks written and not yet committed. */
  synchronized long uncommitted() {
    return nextSeq - 1 - committedUpTo - committedAhead.size();
  }

  private void deleteCommittedSegments() throws IOException {
    while (!segments.isEmpty()) {
      Segment oldest = segments.getFirst();
      boolean closed = segments.size() > 1 || current == null;
      if (!closed || oldest.endSeq - 1 > committedUpTo) {
        return;
      }
      Files.deleteIfExists(oldest.file);
      segments.removeFirst();
    }
  }

  private void startSegment() throws IOException {
    Path file =
        dir.resolve(String.format(Locale.ROOT, "g%08d-s%08d.log", generation, nextSegment++));
    current =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    segments.addLast(new Segment(file, nextSeq));
  }

  /**
   * Reads a segment's uplinks in order, up to its first torn or corrupt record (a write cut short
   * by the crash); sequence numbers count from 0 within the file.
   */
  static void read(Path segment, Consumer<Entry> each) throws IOException {
    ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(segment));
    long seq = 0;
    while (data.remaining() >= HEADER_BYTES) {
      int start = data.position();
      int length = data.getInt();
      int crcValue = data.getInt();
      if (length < HEADER_BYTES || length - 8 > data.remaining()) {
        return;
      }
      CRC32C crc = new CRC32C();
      crc.update(data.array(), start + 8, length - 8);
      if ((int) crc.getValue() != crcValue) {
        return;
      }
      int topicLength = Short.toUnsignedInt(data.getShort());
      if (topicLength > length - HEADER_BYTES) {
        return;
      }
      byte[] topic = new byte[topicLength];
      data.get(topic);
      byte[] payload = new byte[length - HEADER_BYTES - topicLength];
      data.get(payload);
      each.accept(new Entry(seq++, new String(topic, StandardCharsets.UTF_8), payload));
    }
  }

  /** All uplinks of the given segments, in order. */
  static List<Entry> readAll(List<Path> segments) throws IOException {
    List<Entry> all = new ArrayList<>();
    for (Path segment : segments) {
      if (Files.exists(segment)) {
        read(segment, all::add);
      }
    }
    return all;
  }

  /** Closes the file; it stays unless everything in it was committed. */
  @Override
  public synchronized void close() throws IOException {
    if (current != null) {
      current.close();
      current = null;
      deleteCommittedSegments();
    }
  }

  private static boolean isSegment(Path file) {
    return file.getFileName().toString().matches("g\\d{8}-s\\d{8}\\.log");
  }

  private static int generationOf(Path segment) {
    return Integer.parseInt(segment.getFileName().toString().substring(1, 9));
  }
}
