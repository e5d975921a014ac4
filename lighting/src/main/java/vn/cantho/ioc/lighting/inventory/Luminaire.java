package vn.cantho.ioc.lighting.inventory;

/**
 * What the city knows of a streetlight beyond its position: where it hangs in the supply network
 * (cabinet, circuit), the street it lights, its lamp and rated power.
 *
 * @param cabinetId the switching cabinet (tủ điện) feeding it, null when unknown
 * @param circuit the cabinet's outgoing circuit (lộ), 0 when unknown
 */
public record Luminaire(
    String deviceId,
    String cabinetId,
    int circuit,
    String street,
    String lampType,
    double ratedPowerW) {
  public Luminaire {
    if (!(ratedPowerW > 0)) {
      throw new IllegalArgumentException(deviceId + ": rated power must be positive");
    }
  }

  /** The circuit's group id, {@code <cabinet>/<circuit>}, or null without a cabinet. */
  public String circuitId() {
    return cabinetId == null || circuit <= 0 ? null : cabinetId + "/" + circuit;
  }
}
