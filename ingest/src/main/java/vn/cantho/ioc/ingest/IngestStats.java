package vn.cantho.ioc.ingest;

import java.util.concurrent.atomic.AtomicLong;

/** Running counts of the pipeline, for health and later for metrics. */
public final class IngestStats {
  final AtomicLong received = new AtomicLong();
  final AtomicLong stored = new AtomicLong();
  final AtomicLong duplicates = new AtomicLong();
  final AtomicLong quarantined = new AtomicLong();
  final AtomicLong failedBatches = new AtomicLong();
  final AtomicLong unstorable = new AtomicLong();
  final AtomicLong derived = new AtomicLong();

  public long received() {
    return received.get();
  }

  public long stored() {
    return stored.get();
  }

  public long duplicates() {
    return duplicates.get();
  }

  public long quarantined() {
    return quarantined.get();
  }

  /** Input the database refused even to quarantine; each one is logged at ERROR. */
  public long unstorable() {
    return unstorable.get();
  }

  /** Readings computed on ingest (NH3 from TAN, pH and temperature), stored beside the received. */
  public long derived() {
    return derived.get();
  }

  public long failedBatches() {
    return failedBatches.get();
  }
}
