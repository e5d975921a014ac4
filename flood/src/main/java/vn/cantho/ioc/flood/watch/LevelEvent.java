package vn.cantho.ioc.flood.watch;

import java.time.Instant;

/**
 * A station's water crossed alarm level {@code level} upwards ({@code crossed}) or fell back below
 * it by the hysteresis ({@code !crossed}).
 *
 * @param at the first reading of the run that confirmed it: when the water got there
 * @param valueCm that first reading
 */
public record LevelEvent(String deviceId, int level, boolean crossed, Instant at, double valueCm) {}
