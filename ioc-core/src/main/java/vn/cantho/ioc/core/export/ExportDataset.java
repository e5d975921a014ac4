package vn.cantho.ioc.core.export;

import java.util.List;

/**
 * A table of things the IOC shares with other systems (issue 18): the kernel's devices, readings
 * and alerts, and what features offer through {@code IocFeature#exports} (traffic's incidents,
 * water's ponds). The sharing feature serves every dataset in CSV, JSON and GeoJSON with the same
 * paging, rate limit and scope, and pushes its change events to the provincial platform; a dataset
 * only says what its rows are and which of them a caller may see.
 */
public interface ExportDataset {
  /** {@code [a-z][a-z0-9_]*}, unique on the node: the path segment of its export route. */
  String name();

  /** The columns of a row, in the order CSV writes them. */
  List<String> columns();

  /** Whether {@code from} and {@code to} narrow it (readings, alerts), or are ignored (devices). */
  boolean timed();

  /**
   * One page of the rows the caller may see, in the dataset's key order, after {@link
   * ExportQuery#after()}. Blocking (the worker pool calls it).
   *
   * @throws ExportRefused when the dataset is not the caller's to read at all (incidents to a
   *     farmer), answered 403 and audited
   */
  ExportPage read(ExportQuery query) throws Exception;

  /** Its change events for the webhook push and the pull feed, or null when it has none. */
  default EventSource events() {
    return null;
  }
}
