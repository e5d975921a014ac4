package vn.cantho.ioc.core.store;

import java.util.List;
import vn.cantho.ioc.core.reading.Reading;

/** Renders readings in PostgreSQL's COPY text format (tab-separated, backslash escapes). */
final class CopyText {
  private CopyText() {}

  static String rows(List<Reading> readings) {
    StringBuilder out = new StringBuilder(readings.size() * 64);
    for (Reading r : readings) {
      escape(out, r.deviceId()).append('\t');
      escape(out, r.metric()).append('\t');
      out.append(r.ts()).append('\t');
      out.append(r.value()).append('\t');
      out.append(r.quality().ordinal()).append('\t');
      escape(out, r.source()).append('\n');
    }
    return out.toString();
  }

  private static StringBuilder escape(StringBuilder out, String text) {
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(ch);
      }
    }
    return out;
  }
}
