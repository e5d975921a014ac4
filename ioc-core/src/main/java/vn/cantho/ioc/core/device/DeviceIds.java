package vn.cantho.ioc.core.device;

/**
 * Device ids appear in MQTT topics, URLs and COPY rows, so they are restricted to characters that
 * need no escaping anywhere.
 */
public final class DeviceIds {
  private static final int MAX_LENGTH = 64;

  private DeviceIds() {}

  /**
   * {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}, checked by hand: it runs for every reading ingested,
   * where a regex matcher showed in profiles.
   */
  public static boolean isValid(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH || !isAlnum(id.charAt(0))) {
      return false;
    }
    for (int i = 1; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!isAlnum(c) && c != '.' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
