package vn.cantho.ioc.sim.flood;

import java.time.Instant;

/**
 * One episode of the truth above an alarm level.
 *
 * @param gaugeId the gauge
 * @param level the alarm level, 1 to 3 (BĐ I–III)
 * @param at the first minute at or above the level
 * @param peakCm the highest level of the episode
 * @param peakAt when it was reached (the first minute, if reached more than once)
 */
public record Crossing(String gaugeId, int level, Instant at, double peakCm, Instant peakAt) {}
