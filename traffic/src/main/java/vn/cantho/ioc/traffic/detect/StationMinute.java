package vn.cantho.ioc.traffic.detect;

import java.time.Instant;

/**
 * One detector station's one-minute aggregate, smoothed (docs/traffic-incident-detection.md §2.1),
 * at the data's own minute.
 *
 * @param flow vehicles per hour, all classes (motorbikes included)
 * @param speed mean speed, km/h
 * @param occupancy percent of the minute the detection zone was occupied
 */
public record StationMinute(Instant at, double flow, double speed, double occupancy) {}
