package vn.cantho.ioc.sim;

/** How many devices of each domain the registry generator creates. */
public record FleetSize(int water, int traffic, int lighting) {

  /** The demo fleet: enough to fill the city map, small enough for a 2-core machine. */
  public static final FleetSize DEFAULT = new FleetSize(200, 300, 2_000);

  public FleetSize {
    if (water < 0 || traffic < 0 || lighting < 0) {
      throw new IllegalArgumentException("device counts must not be negative");
    }
    if (water > 9_999 || traffic > 9_999 || lighting > 9_999) {
      // ids carry four digits
      throw new IllegalArgumentException("at most 9999 devices per domain");
    }
  }

  public int total() {
    return water + traffic + lighting;
  }
}
