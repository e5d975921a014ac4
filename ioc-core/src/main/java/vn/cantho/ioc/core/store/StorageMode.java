package vn.cantho.ioc.core.store;

/** Which of the two storage paths the migrations took for the readings table. */
public enum StorageMode {
  TIMESCALE_HYPERTABLE("TimescaleDB hypertable"),
  NATIVE_PARTITIONS("PostgreSQL native daily partitions (TimescaleDB not available)");

  private final String description;

  StorageMode(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
