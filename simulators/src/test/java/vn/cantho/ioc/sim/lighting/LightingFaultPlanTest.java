package vn.cantho.ioc.sim.lighting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LightingFaultPlanTest {
  private static final Instant FROM = Instant.parse("2026-11-22T17:00:00Z");
  private static final Instant TO = FROM.plus(Duration.ofDays(7));
  private static final List<String> IDS =
      IntStream.rangeClosed(1, 500).mapToObj(n -> String.format("sl-%04d", n)).toList();

  @Test
  void theSameSeedGivesTheSamePlanWhateverTheOrderOfTheLamps() throws IOException {
    LightingFaultPlan plan = LightingFaultPlan.generate(7, IDS, FROM, TO, 0.05);
    List<String> reversed = new ArrayList<>(IDS);
    Collections.reverse(reversed);
    LightingFaultPlan again = LightingFaultPlan.generate(7, reversed, FROM, TO, 0.05);

    assertThat(again.windows()).isEqualTo(plan.windows());
    assertThat(groundTruth(again)).isEqualTo(groundTruth(plan));
    assertThat(LightingFaultPlan.generate(8, IDS, FROM, TO, 0.05).windows())
        .isNotEqualTo(plan.windows());
  }

  @Test
  void faultsAShareOfTheLampsWithEveryKindInsideThePeriod() {
    LightingFaultPlan plan = LightingFaultPlan.generate(7, IDS, FROM, TO, 0.05);

    assertThat(plan.windows()).hasSize(25);
    assertThat(plan.windows()).extracting(FaultWindow::deviceId).doesNotHaveDuplicates();
    assertThat(EnumSet.copyOf(plan.windows().stream().map(FaultWindow::fault).toList()))
        .isEqualTo(EnumSet.allOf(LightingFault.class));
    assertThat(plan.windows())
        .allSatisfy(
            w -> {
              assertThat(w.start()).isAfterOrEqualTo(FROM);
              assertThat(w.end()).isBeforeOrEqualTo(TO);
              assertThat(Duration.between(w.start(), w.end()))
                  .isGreaterThanOrEqualTo(Duration.ofHours(18));
            });
  }

  @Test
  void groundTruthIsJsonLinesThatReadBackIntoTheSamePlan(@TempDir Path dir) throws IOException {
    LightingFaultPlan plan = LightingFaultPlan.generate(7, IDS, FROM, TO, 0.02);
    Path file = dir.resolve("faults.jsonl");
    plan.writeGroundTruth(file);

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(plan.windows().size());
    FaultWindow first = plan.windows().get(0);
    assertThat(lines.get(0))
        .isEqualTo(
            "{\"deviceId\":\""
                + first.deviceId()
                + "\",\"fault\":\""
                + first.fault().code()
                + "\",\"start\":\""
                + first.start()
                + "\",\"end\":\""
                + first.end()
                + "\"}");
    assertThat(LightingFaultPlan.readGroundTruth(file).windows()).isEqualTo(plan.windows());
  }

  @Test
  void answersWhichFaultALampHasWhen() {
    FaultWindow w =
        new FaultWindow("sl-0001", LightingFault.LAMP_OUT, FROM, FROM.plus(Duration.ofHours(24)));
    LightingFaultPlan plan = new LightingFaultPlan(List.of(w));

    assertThat(plan.faultAt("sl-0001", FROM)).contains(LightingFault.LAMP_OUT);
    assertThat(plan.faultAt("sl-0001", w.end())).isEmpty();
    assertThat(plan.faultAt("sl-0002", FROM)).isEmpty();
  }

  private static String groundTruth(LightingFaultPlan plan) throws IOException {
    StringWriter out = new StringWriter();
    plan.writeGroundTruth(out);
    return out.toString();
  }
}
