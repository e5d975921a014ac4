package vn.cantho.ioc.reports.daily;

/**
 * One indicator's day for one area: its lowest and highest value and the last one measured.
 *
 * @param count how many measurements the day had (one every five minutes when the node ran all day:
 *     288)
 */
public record DayStats(double min, double max, double last, int count) {}
