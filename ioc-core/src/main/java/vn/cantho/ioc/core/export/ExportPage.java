package vn.cantho.ioc.core.export;

import java.util.List;

/**
 * One page of an export and the key the next page starts after, null on the last page.
 *
 * @param nextAfter the last row's key when more rows follow
 */
public record ExportPage(List<ExportRow> rows, String nextAfter) {
  public ExportPage {
    rows = List.copyOf(rows);
  }

  /**
   * The page of rows a query fetched with one row more than the limit: that row, never shown, is
   * what proves there is a next page (as {@code CursorPaging} does).
   */
  public static ExportPage of(List<ExportRow> fetched, int limit) {
    if (fetched.size() <= limit) {
      return new ExportPage(fetched, null);
    }
    List<ExportRow> shown = fetched.subList(0, limit);
    return new ExportPage(shown, shown.get(limit - 1).key());
  }
}
