package vn.cantho.ioc.adapters.opcua;

import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.reading.ReadingSink;
import vn.cantho.ioc.core.reading.Rejected;

/** A pipeline that commits at once and keeps what it was given, for tests. */
final class CollectingSink implements ReadingSink {
  final ConcurrentLinkedQueue<Reading> readings = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Rejected> rejected = new ConcurrentLinkedQueue<>();

  @Override
  public Future<Void> submit(List<Reading> batch) {
    readings.addAll(batch);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> reject(Rejected r) {
    rejected.add(r);
    return Future.succeededFuture();
  }
}
