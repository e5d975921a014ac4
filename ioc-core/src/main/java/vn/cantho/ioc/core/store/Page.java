package vn.cantho.ioc.core.store;

import java.util.List;

/**
 * One page of a list and the opaque cursor of the page after it, null on the last page.
 *
 * @see CursorPaging
 */
public record Page<T>(List<T> items, String nextCursor) {
  public Page {
    items = List.copyOf(items);
  }
}
