package vn.cantho.ioc.core.device;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Merges id-ordered runs of devices (one per zone and domain) into one id-ordered walk, lazily: a
 * page of {@code n} from {@code k} runs costs about {@code n log k}, never a walk of the runs.
 */
final class IdOrder implements Iterator<Device> {
  private final PriorityQueue<Run> heads =
      new PriorityQueue<>((a, b) -> a.head.id().compareTo(b.head.id()));

  IdOrder(Collection<? extends Iterable<Device>> runs) {
    for (Iterable<Device> run : runs) {
      Iterator<Device> it = run.iterator();
      if (it.hasNext()) {
        heads.add(new Run(it.next(), it));
      }
    }
  }

  static IdOrder of(List<Iterable<Device>> runs) {
    return new IdOrder(new ArrayList<>(runs));
  }

  @Override
  public boolean hasNext() {
    return !heads.isEmpty();
  }

  @Override
  public Device next() {
    Run run = heads.poll();
    if (run == null) {
      throw new NoSuchElementException();
    }
    Device out = run.head;
    if (run.rest.hasNext()) {
      heads.add(new Run(run.rest.next(), run.rest));
    }
    return out;
  }

  private record Run(Device head, Iterator<Device> rest) {}
}
