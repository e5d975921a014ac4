package vn.cantho.ioc.core.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import vn.cantho.ioc.core.reading.Reading;

/**
 * Renders readings in PostgreSQL's binary COPY format for the columns {@link #COLUMNS}. Binary
 * rather than text: no number or timestamp is formatted here and parsed again by the server, which
 * showed in the ingest profile on both sides. Timestamps are truncated to the microsecond, the
 * column's precision. Public for the ingest benchmark's ceiling, which must copy the same bytes.
 */
public final class CopyBinary {
  public static final String COLUMNS = "(ts, value, series_id, quality, source)";
  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
  };
  private static final short FIELDS = 5;

  /** PostgreSQL counts time from 2000-01-01T00:00:00Z. */
  private static final long PG_EPOCH_SECONDS = 946_684_800L;

  private byte[] buf;
  private int size;

  private CopyBinary(int capacity) {
    buf = new byte[capacity];
  }

  /**
   * The rows of these readings, keyed by {@link SeriesKeys}: {@code seriesIds[i]} and {@code
   * sources[i]} are reading i's.
   */
  public static byte[] rows(List<Reading> readings, int[] seriesIds, short[] sources) {
    CopyBinary out = new CopyBinary(21 + readings.size() * 46);
    out.bytes(SIGNATURE);
    out.int32(0); // flags
    out.int32(0); // header extension length
    for (int i = 0; i < readings.size(); i++) {
      Reading r = readings.get(i);
      out.int16(FIELDS);
      out.int32(8);
      out.int64(micros(r.ts()));
      out.int32(8);
      out.int64(Double.doubleToLongBits(r.value()));
      out.int32(4);
      out.int32(seriesIds[i]);
      out.int32(2);
      out.int16((short) r.quality().ordinal());
      out.int32(2);
      out.int16(sources[i]);
    }
    out.int16((short) -1); // trailer
    return Arrays.copyOf(out.buf, out.size);
  }

  static long micros(Instant ts) {
    return Math.addExact(
        Math.multiplyExact(ts.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L),
        ts.getNano() / 1_000);
  }

  private void bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
  }

  private void int16(short v) {
    ensure(2);
    buf[size++] = (byte) (v >> 8);
    buf[size++] = (byte) v;
  }

  private void int32(int v) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >> shift);
    }
  }

  private void int64(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >> shift);
    }
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}
