package vn.cantho.ioc.water.notify;

import java.time.Instant;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.water.rules.ThresholdRule.Direction;

/**
 * What a message tells: which pond, which metric crossed which threshold, how badly and when.
 *
 * @param escalated true when an open alert got worse, false when it was just raised
 * @param ackUrl the signed one-click acknowledge link, or null when there is none
 */
public record Notice(
    String pondName,
    String metric,
    double value,
    Direction direction,
    double threshold,
    Severity severity,
    boolean escalated,
    Instant at,
    String ackUrl) {}
