package vn.cantho.ioc.sharing.export;

import java.util.List;
import vn.cantho.ioc.core.export.ExportRow;

/**
 * RFC 4180 CSV: a header of the dataset's columns, one line per row, CRLF, UTF-8. A text cell that
 * a spreadsheet would run as a formula ({@code =}, {@code +}, {@code -}, {@code @}, tab, CR) gets a
 * leading apostrophe (OWASP's advice): exports are opened in Excel by people, and a device name is
 * text anyone with a registry file could write.
 */
public final class CsvWriter {
  private CsvWriter() {}

  public static String write(List<String> columns, List<ExportRow> rows) {
    StringBuilder out = new StringBuilder();
    line(out, columns.stream().map(c -> (Object) c).toList());
    for (ExportRow row : rows) {
      line(out, columns.stream().map(c -> row.values().get(c)).toList());
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<Object> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(cell(cells.get(i)));
    }
    out.append("\r\n");
  }

  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    String text = value.toString();
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.indexOf(',') >= 0
        || text.indexOf('"') >= 0
        || text.indexOf('\n') >= 0
        || text.indexOf('\r') >= 0) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }
}
