package vn.cantho.ioc.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;

class CopyBinaryTest {
  @Test
  void timestampsCountMicrosecondsFromTheYear2000AndDropNanoseconds() {
    assertThat(CopyBinary.micros(Instant.parse("2000-01-01T00:00:00Z"))).isZero();
    assertThat(CopyBinary.micros(Instant.parse("2000-01-01T00:00:00.000001999Z"))).isEqualTo(1);
    assertThat(CopyBinary.micros(Instant.parse("1999-12-31T23:59:59Z"))).isEqualTo(-1_000_000);
  }

  @Test
  void oneRowIsHeaderFiveFieldsAndTrailer() {
    Reading r =
        new Reading(
            "wq-0001",
            "do",
            Instant.parse("2026-11-23T00:00:00Z"),
            5.25,
            Quality.UNCERTAIN,
            "mqtt");
    ByteBuffer b = ByteBuffer.wrap(CopyBinary.rows(List.of(r), new int[] {42}, new short[] {3}));
    byte[] signature = new byte[11];
    b.get(signature);
    assertThat(new String(signature, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("PGCOPY");
    assertThat(b.getInt()).isZero(); // flags
    assertThat(b.getInt()).isZero(); // extension
    assertThat(b.getShort()).isEqualTo((short) 5);
    assertThat(b.getInt()).isEqualTo(8);
    assertThat(b.getLong()).isEqualTo(CopyBinary.micros(r.ts()));
    assertThat(b.getInt()).isEqualTo(8);
    assertThat(b.getDouble()).isEqualTo(5.25);
    assertThat(b.getInt()).isEqualTo(4);
    assertThat(b.getInt()).isEqualTo(42); // series id
    assertThat(b.getInt()).isEqualTo(2);
    assertThat(b.getShort()).isEqualTo((short) Quality.UNCERTAIN.ordinal());
    assertThat(b.getInt()).isEqualTo(2);
    assertThat(b.getShort()).isEqualTo((short) 3); // source code
    assertThat(b.getShort()).isEqualTo((short) -1);
    assertThat(b.hasRemaining()).isFalse();
  }
}
