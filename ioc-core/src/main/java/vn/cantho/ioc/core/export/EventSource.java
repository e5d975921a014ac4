package vn.cantho.ioc.core.export;

import java.util.List;

/**
 * A dataset's change log, read in order of its own ids (an append-only table's {@code bigserial}):
 * the sharing feature tails it into its feed and webhook outbox, so nothing is lost to a crash
 * between a change and its news. Blocking.
 */
@FunctionalInterface
public interface EventSource {
  /** Up to {@code limit} events with an id above {@code afterId}, lowest first. */
  List<ShareEvent> after(long afterId, int limit) throws Exception;
}
