package vn.cantho.ioc.core.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Keyset paging over a table's bigint {@code id}, newest (highest id) first: which page a query
 * asks for, the SQL that ends it, and the {@link Page} it makes. Keyset, not offset, so rows added
 * between two requests never shift or repeat a page.
 *
 * <p>A cursor is opaque to clients; inside it is the base64url of the last key the previous page
 * showed (the wire format of every list the API has had, so a cursor from before still works).
 *
 * @param beforeId only rows with a lower id, or null for the first page
 * @param limit how many rows a page shows at most
 */
public record CursorPaging(Long beforeId, int limit) {
  /**
   * Ends a query's WHERE clause: {@code ... WHERE <filters> AND } this. Its three parameters are
   * bound by {@link #bind}.
   */
  public static final String NEWEST_FIRST =
      "(CAST(? AS bigint) IS NULL OR id < ?) ORDER BY id DESC LIMIT ?";

  public CursorPaging {
    if (limit < 1 || limit == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a page holds 1 to " + (Integer.MAX_VALUE - 1) + " rows");
    }
  }

  public static CursorPaging first(int limit) {
    return new CursorPaging(null, limit);
  }

  /**
   * The page after the one that gave the cursor; the first page for a null cursor.
   *
   * @throws InvalidCursor when the cursor is not one this class made
   */
  public static CursorPaging after(String cursor, int limit) {
    String key = decode(cursor);
    try {
      return new CursorPaging(key == null ? null : Long.valueOf(key), limit);
    } catch (NumberFormatException e) {
      throw new InvalidCursor(e);
    }
  }

  /**
   * Binds {@link #NEWEST_FIRST} from {@code index}. It fetches one row more than the limit: that
   * row, never shown, is what proves there is a next page.
   *
   * @return the index after the last one bound
   */
  public int bind(PreparedStatement ps, int index) throws SQLException {
    ps.setObject(index, beforeId, Types.BIGINT);
    ps.setObject(index + 1, beforeId, Types.BIGINT);
    ps.setInt(index + 2, limit + 1);
    return index + 3;
  }

  /**
   * This page of a plain list: {@code select} (a {@code SELECT ... FROM} without WHERE) narrowed by
   * the filters that have a value.
   */
  public <T> Page<T> query(
      Database database, String select, List<Equals> filters, Row<T> row, ToLongFunction<T> id)
      throws SQLException {
    StringBuilder sql = new StringBuilder(select).append(" WHERE ");
    for (Equals filter : filters) {
      sql.append("(CAST(? AS text) IS NULL OR ").append(filter.column()).append(" = ?) AND ");
    }
    sql.append(NEWEST_FIRST);
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int index = 1;
      for (Equals filter : filters) {
        ps.setString(index++, filter.value());
        ps.setString(index++, filter.value());
      }
      bind(ps, index);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> fetched = new ArrayList<>();
        while (rs.next()) {
          fetched.add(row.read(rs));
        }
        return page(fetched, id);
      }
    }
  }

  /**
   * Only rows whose {@code column} (a name from code, never from a request) equals {@code value};
   * every row when the value is null.
   */
  public record Equals(String column, String value) {}

  /** Reads the current row of a result. */
  @FunctionalInterface
  public interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** The page of what the query bound by {@link #bind} fetched, newest first. */
  public <T> Page<T> page(List<T> fetched, ToLongFunction<T> id) {
    if (fetched.size() <= limit) {
      return new Page<>(fetched, null);
    }
    List<T> shown = fetched.subList(0, limit);
    return new Page<>(shown, encode(String.valueOf(id.applyAsLong(shown.get(limit - 1)))));
  }

  /** The cursor for a page that ends at {@code lastKey}. */
  public static String encode(String lastKey) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The key inside a cursor, or null for none.
   *
   * @throws InvalidCursor when it is not base64url
   */
  public static String decode(String cursor) {
    if (cursor == null) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidCursor(e);
    }
  }

  /** A cursor that no page gave out: tampered with or cut short. */
  public static final class InvalidCursor extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidCursor(Throwable cause) {
      super("cursor is not valid; use nextCursor from the previous page", cause);
    }
  }
}
