package vn.cantho.ioc.core.device;

import java.util.regex.Pattern;

/**
 * Device ids appear in MQTT topics, URLs and COPY rows, so they are restricted to characters that
 * need no escaping anywhere.
 */
public final class DeviceIds {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private DeviceIds() {}

  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }
}
