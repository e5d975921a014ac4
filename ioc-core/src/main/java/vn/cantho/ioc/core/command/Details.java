package vn.cantho.ioc.core.command;

/**
 * A command's detail as it is stored and shown: what a device or a transport said, without control
 * characters (PostgreSQL refuses a NUL in text) and at most {@value #MAX} characters, so no answer
 * can make the status writer fail or fill the table.
 */
final class Details {
  static final int MAX = 200;

  private Details() {}

  static String clean(String detail) {
    if (detail == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(detail.length(), MAX));
    detail
        .codePoints()
        .limit(MAX)
        .forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
    return out.toString();
  }
}
