package vn.cantho.ioc.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How simulated streetlights answer commands (docs/commands.md). Most answer at once; a small,
 * fixed share answers late or never, as lamps on a weak radio link or with a hung controller do.
 * Which lamps misbehave is a pure function of the device id and the seed, so a test or a benchmark
 * knows them in advance ({@link #answerOf}).
 *
 * @param seed picks the misbehaving lamps
 * @param neverAnswerShare share of lamps (0–1) that neither answer nor apply a command
 * @param lateAnswerShare share of lamps (0–1) that apply and answer a command only after {@code
 *     lateAnswerDelay}, as if it had reached them that late
 * @param lateAnswerDelay how late the late lamps are
 * @param offline ids of devices that are not connected at all: they neither publish nor subscribe
 */
public record CommandBehaviour(
    long seed,
    double neverAnswerShare,
    double lateAnswerShare,
    Duration lateAnswerDelay,
    Set<String> offline) {

  public static final double DEFAULT_NEVER_ANSWER_SHARE = 0.005;
  public static final double DEFAULT_LATE_ANSWER_SHARE = 0.005;
  public static final Duration DEFAULT_LATE_ANSWER_DELAY = Duration.ofSeconds(90);
  public static final long DEFAULT_SEED = 2026;

  /** How a lamp answers a command. */
  public enum Answer {
    PROMPTLY,
    LATE,
    NEVER
  }

  public CommandBehaviour {
    Objects.requireNonNull(lateAnswerDelay, "lateAnswerDelay");
    if (!(neverAnswerShare >= 0 && lateAnswerShare >= 0)
        || neverAnswerShare + lateAnswerShare > 1) {
      throw new IllegalArgumentException(
          "answer shares must be non-negative and add up to at most 1");
    }
    if (lateAnswerDelay.isNegative()) {
      throw new IllegalArgumentException("lateAnswerDelay must not be negative");
    }
    offline = offline == null ? Set.of() : Set.copyOf(offline);
  }

  /** 0.5 % never answer, 0.5 % answer 90 s late, nobody offline. */
  public static CommandBehaviour defaults() {
    return new CommandBehaviour(
        DEFAULT_SEED,
        DEFAULT_NEVER_ANSWER_SHARE,
        DEFAULT_LATE_ANSWER_SHARE,
        DEFAULT_LATE_ANSWER_DELAY,
        Set.of());
  }

  /** Every lamp answers at once. */
  public static CommandBehaviour alwaysPrompt() {
    return new CommandBehaviour(DEFAULT_SEED, 0, 0, DEFAULT_LATE_ANSWER_DELAY, Set.of());
  }

  public CommandBehaviour withShares(double neverAnswerShare, double lateAnswerShare) {
    return new CommandBehaviour(seed, neverAnswerShare, lateAnswerShare, lateAnswerDelay, offline);
  }

  public CommandBehaviour withSeed(long seed) {
    return new CommandBehaviour(seed, neverAnswerShare, lateAnswerShare, lateAnswerDelay, offline);
  }

  public CommandBehaviour withLateAnswerDelay(Duration lateAnswerDelay) {
    return new CommandBehaviour(seed, neverAnswerShare, lateAnswerShare, lateAnswerDelay, offline);
  }

  public CommandBehaviour withOffline(Set<String> offline) {
    return new CommandBehaviour(seed, neverAnswerShare, lateAnswerShare, lateAnswerDelay, offline);
  }

  /** How the device answers; the same for every command and every run with this seed. */
  public Answer answerOf(String deviceId) {
    double u = SeededNoise.uniform(SeededNoise.key(deviceId, "commandAnswer"), seed);
    if (u < neverAnswerShare) {
      return Answer.NEVER;
    }
    return u < neverAnswerShare + lateAnswerShare ? Answer.LATE : Answer.PROMPTLY;
  }

  public boolean isOffline(String deviceId) {
    return offline.contains(deviceId);
  }
}
