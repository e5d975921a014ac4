package vn.cantho.ioc.core.live;

import java.time.Instant;

/** The newest value of one metric of a device. */
public record LatestValue(double value, Instant ts) {}
