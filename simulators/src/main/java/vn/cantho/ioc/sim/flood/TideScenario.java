package vn.cantho.ioc.sim.flood;

/** Which weather the tide model adds on top of the astronomical tide and the season. */
public enum TideScenario {
  /** The seeded wind and rain only. */
  ORDINARY,
  /**
   * Ordinary weather plus a strong NE-monsoon surge and a downpour on the evening of 12 October
   * 2026, sized so that the Can Tho gauge reaches 227 cm near 19:00: the record of 12 October 2022,
   * replayed on the year's matching spring tide.
   */
  RECORD_OCTOBER_2026
}
