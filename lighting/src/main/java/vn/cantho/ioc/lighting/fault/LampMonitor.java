package vn.cantho.ioc.lighting.fault;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import vn.cantho.ioc.geo.CanThoTime;
import vn.cantho.ioc.lighting.schedule.LightLevel;

/** One lamp's fault state: the rules of docs/lighting.md applied to its readings in order. */
final class LampMonitor {
  private static final DateTimeFormatter LAST_SEEN =
      DateTimeFormatter.ofPattern("HH:mm dd/MM/yyyy");

  private final String deviceId;
  private final FaultParameters p;
  private final Map<FaultKind, FaultTracker> trackers = new EnumMap<>(FaultKind.class);

  private Instant lastReadingAt;
  private LightLevel lastCommanded;
  private Instant commandChangedAt;

  /** Lit at the previous judged sample; null when that sample was not judged. */
  private Boolean lastLit;

  private final Deque<Instant> flips = new ArrayDeque<>();

  LampMonitor(String deviceId, FaultParameters p) {
    this.deviceId = deviceId;
    this.p = p;
    for (FaultKind kind : FaultKind.values()) {
      trackers.put(kind, new FaultTracker(p.raiseSamples(), p.clearSamples()));
    }
  }

  Instant lastReadingAt() {
    return lastReadingAt;
  }

  Set<FaultKind> active() {
    Set<FaultKind> active = EnumSet.noneOf(FaultKind.class);
    trackers.forEach(
        (kind, t) -> {
          if (t.active()) {
            active.add(kind);
          }
        });
    return active;
  }

  /** Judges one reading; the caller guarantees it is newer than the last. */
  List<FaultEvent> onReading(LampReading r, double ratedW, LampContext ctx) {
    List<FaultEvent> events = new ArrayList<>();
    Instant at = r.at();
    LightLevel commanded = ctx.commanded();
    // The first reading to see a new command dates the change: the change happened somewhere
    // since the previous reading, and the lamp may not have followed when it sampled.
    if (lastCommanded == null || !lastCommanded.equals(commanded)) {
      commandChangedAt = at;
    }
    lastCommanded = commanded;
    lastReadingAt = at;
    boolean inGrace = at.isBefore(commandChangedAt.plus(p.commandGrace()));

    // Comm loss clears on readings like any fault: two in a row after the silence.
    judge(events, FaultKind.COMM_LOSS, Verdict.GOOD, at, "đã nhận lại dữ liệu");

    double expectedW = ratedW * commanded.dimPercent() / 100.0;
    String numbers =
        String.format(
            Locale.ROOT,
            "công suất %.1f W, mức lệnh %d %%, kỳ vọng %.1f W (định mức %.0f W)",
            r.powerW(),
            commanded.dimPercent(),
            expectedW,
            ratedW);

    boolean judgedOn = !inGrace && commanded.on();
    boolean lit = r.powerW() >= p.lampOutFraction() * expectedW;

    Verdict lampOut =
        !commanded.on() || commanded.dimPercent() < p.lampOutMinPercent()
            ? Verdict.UNKNOWN
            : inGrace ? Verdict.SKIPPED : lit ? Verdict.GOOD : Verdict.BAD;
    if (lampOut == Verdict.BAD && trackers.get(FaultKind.CYCLING).active()) {
      // A cycling lamp is one fault, not two: its dark spells are not also "lamp out".
      lampOut = Verdict.UNKNOWN;
    }
    judge(events, FaultKind.LAMP_OUT, lampOut, at, numbers);

    double idle = Math.max(p.idleW(), p.idleFractionOfRated() * ratedW);
    Verdict dayBurner =
        commanded.on() || !ctx.astroDay()
            ? Verdict.UNKNOWN
            : inGrace ? Verdict.SKIPPED : r.powerW() > idle ? Verdict.BAD : Verdict.GOOD;
    judge(
        events,
        FaultKind.DAY_BURNER,
        dayBurner,
        at,
        String.format(
            Locale.ROOT, "ban ngày, lệnh tắt, công suất %.1f W > %.1f W", r.powerW(), idle));

    boolean powerJudged = judgedOn && lit && expectedW >= p.powerMinExpectedW();
    double tolerance = p.powerTolerance() * expectedW;
    judge(
        events,
        FaultKind.POWER_HIGH,
        !powerJudged
            ? Verdict.UNKNOWN
            : r.powerW() > expectedW + tolerance ? Verdict.BAD : Verdict.GOOD,
        at,
        numbers);
    judge(
        events,
        FaultKind.POWER_LOW,
        !powerJudged
            ? Verdict.UNKNOWN
            : r.powerW() < expectedW - tolerance ? Verdict.BAD : Verdict.GOOD,
        at,
        numbers);

    judge(events, FaultKind.CYCLING, cycling(at, judgedOn, lit), at, cyclingDetail());
    return events;
  }

  /** Dark ↔ lit changes between judged consecutive samples while commanded on. */
  private Verdict cycling(Instant at, boolean judgedOn, boolean lit) {
    Instant windowStart = at.minus(p.cyclingWindow());
    while (!flips.isEmpty() && !flips.peekFirst().isAfter(windowStart)) {
      flips.removeFirst();
    }
    if (!judgedOn) {
      lastLit = null;
      return Verdict.UNKNOWN;
    }
    if (lastLit != null && lastLit != lit) {
      flips.addLast(at);
    }
    lastLit = lit;
    return flips.size() >= p.cyclingFlips() ? Verdict.BAD : Verdict.GOOD;
  }

  private String cyclingDetail() {
    return String.format(
        Locale.ROOT,
        "%d lần bật/tắt trong %d phút khi lệnh bật",
        flips.size(),
        p.cyclingWindow().toMinutes());
  }

  /** Raises comm loss when the newest data time is past the silence; null if nothing changes. */
  FaultEvent tick(Instant dataTime) {
    FaultTracker comm = trackers.get(FaultKind.COMM_LOSS);
    if (lastReadingAt == null || comm.active()) {
      return null;
    }
    Duration silent = Duration.between(lastReadingAt, dataTime);
    if (silent.compareTo(p.silence()) < 0) {
      return null;
    }
    // Silence is one long bad condition, judged here once: raise at once, not after more ticks.
    comm.raise();
    return new FaultEvent(
        deviceId,
        FaultKind.COMM_LOSS,
        FaultEvent.Transition.RAISED,
        dataTime,
        "không có dữ liệu từ "
            + LAST_SEEN.format(lastReadingAt.atZone(CanThoTime.ZONE))
            + " ("
            + silent.toMinutes()
            + " phút)");
  }

  private void judge(
      List<FaultEvent> events, FaultKind kind, Verdict verdict, Instant at, String detail) {
    FaultEvent.Transition t = trackers.get(kind).observe(verdict);
    if (t != null) {
      events.add(new FaultEvent(deviceId, kind, t, at, detail));
    }
  }
}
