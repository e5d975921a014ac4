package vn.cantho.ioc.core.export;

import java.time.Instant;
import vn.cantho.ioc.core.auth.Caller;

/**
 * What an export asks for.
 *
 * @param caller whose scope the rows must stay within ({@link Caller#sees})
 * @param from inclusive, for timed datasets
 * @param to exclusive, for timed datasets
 * @param zone only rows of this zone, or null for all the caller sees
 * @param after the key of the last row of the previous page (as {@link ExportRow#key()} gave it),
 *     or null for the first page; a dataset refuses a key it cannot have made with {@link
 *     IllegalArgumentException}
 * @param limit rows per page, 1 or more
 */
public record ExportQuery(
    Caller caller, Instant from, Instant to, String zone, String after, int limit) {
  public ExportQuery {
    if (limit < 1) {
      throw new IllegalArgumentException("a page holds at least one row");
    }
  }
}
