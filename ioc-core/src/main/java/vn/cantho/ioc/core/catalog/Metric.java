package vn.cantho.ioc.core.catalog;

import vn.cantho.ioc.core.device.Domain;

/**
 * A measured quantity of a domain, with its UCUM unit and the physically possible range: a value
 * outside it is a broken probe or a bad payload, never a reading to store.
 */
public record Metric(
    Domain domain,
    String name,
    String unit,
    double min,
    double max,
    String labelVi,
    String labelEn) {

  public boolean inRange(double value) {
    return value >= min && value <= max;
  }
}
