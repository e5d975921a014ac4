package vn.cantho.ioc.core.reading;

import java.util.List;

/**
 * A feature's readings computed on ingest from those just accepted (water's NH3, pH swing, rates,
 * dawn oxygen), stored with them in the same batch. It runs on the data's own timestamps, so a
 * replay derives what live operation did. One instance per pipeline; the adapters' threads call it
 * concurrently, so state it keeps between calls (a window of recent samples) must be thread-safe.
 */
@FunctionalInterface
public interface DerivedStep {
  /** The extra readings of this accepted batch; empty for most batches, and cheap then. */
  List<Reading> derive(List<Reading> accepted);
}
