package vn.cantho.ioc.core.store;

/**
 * How to reach PostgreSQL (or TimescaleDB).
 *
 * @param retentionDays how many days of readings to keep on the native-partition path
 */
public record DatabaseConfig(
    String jdbcUrl, String user, String password, int poolSize, int retentionDays) {

  @Override
  public String toString() {
    // Never print the password.
    return "DatabaseConfig[" + jdbcUrl + ", user=" + user + ", pool=" + poolSize + "]";
  }
}
