package vn.cantho.ioc.core.reading;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Where adapters hand over what they receive. Implemented by the ingest pipeline; adapters see only
 * this interface.
 */
public interface ReadingSink {

  /**
   * Validates, stores or quarantines the readings. The future completes once every one of them is
   * committed to the database (stored or quarantined), so an adapter acknowledges upstream only
   * then. May block the calling thread while the pipeline is full (back-pressure); never call it
   * from an event loop.
   */
  Future<Void> submit(List<Reading> readings);

  /**
   * Like {@link #submit}, and also says which readings were quarantined and why, by their index in
   * the list: for callers that answer a client, such as HTTP gateways.
   */
  default Future<Map<Integer, String>> submitReporting(List<Reading> readings) {
    return submit(readings).map(v -> Map.of());
  }

  /** Quarantines input that could not be decoded; completes once committed. */
  Future<Void> reject(Rejected rejected);

  /** For a node or test kit without an ingest pipeline: every submission fails, nothing is lost. */
  ReadingSink NONE =
      new ReadingSink() {
        @Override
        public Future<Void> submit(List<Reading> readings) {
          return Future.failedFuture(new IllegalStateException("no ingest pipeline on this node"));
        }

        @Override
        public Future<Void> reject(Rejected rejected) {
          return Future.failedFuture(new IllegalStateException("no ingest pipeline on this node"));
        }
      };
}
