package vn.cantho.ioc.traffic.detect;

import java.time.Instant;
import vn.cantho.ioc.traffic.network.StationPair;

/**
 * A method's new incident on a station pair.
 *
 * @param since the first minute of the evidence (California's tentative interval, bpd's first
 *     positive minute): the incident's start
 * @param at the minute the alarm was raised, data time
 */
public record Alarm(DetectionMethod method, StationPair pair, Instant since, Instant at) {}
