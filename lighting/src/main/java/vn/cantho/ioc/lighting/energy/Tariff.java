package vn.cantho.ioc.lighting.energy;

/**
 * The price of a kWh for public lighting, VND. There is no default: the research behind this
 * project (docs/lighting.md, "Energy") found no published EVN public-lighting tariff to cite, and
 * the price changes with each Ministry of Industry and Trade decision and with the voltage level,
 * so the city sets it from its own electricity bill — for example {@code new Tariff(2_000)} is an
 * illustration, not EVN's price. Whether VAT is included is the setting's choice.
 */
public record Tariff(double vndPerKwh) {
  public Tariff {
    if (!Double.isFinite(vndPerKwh) || vndPerKwh <= 0) {
      throw new IllegalArgumentException("tariff " + vndPerKwh + " VND/kWh");
    }
  }
}
