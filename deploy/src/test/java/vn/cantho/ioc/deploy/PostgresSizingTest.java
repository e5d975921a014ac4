package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresSizingTest {
  private static final long GIB = 1024L * 1024 * 1024;

  @Test
  void sharedBuffersAreAQuarterOfTheMemoryWithinBounds() {
    assertThat(PostgresSizing.forMemory(4 * GIB).sharedBuffersMb()).isEqualTo(1024);
    assertThat(PostgresSizing.forMemory(4 * GIB).sharedBuffers()).isEqualTo("1024MB");
    // A small container keeps PostgreSQL's own default rather than less.
    assertThat(PostgresSizing.forMemory(GIB / 4).sharedBuffersMb()).isEqualTo(128);
    // A large machine does not hand the demo's database more than its cap.
    assertThat(PostgresSizing.forMemory(64 * GIB).sharedBuffersMb()).isEqualTo(2048);
  }

  @Test
  void checkpointsAreSpacedByFourGigabytesOfWalOrFifteenMinutes() {
    assertThat(PostgresSizing.forMemory(24 * GIB).maxWalSize()).isEqualTo("4096MB");
    assertThat(PostgresSizing.forMemory(24 * GIB).checkpointTimeout()).isEqualTo("15min");
  }
}
