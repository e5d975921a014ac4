package vn.cantho.ioc.core.notify;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** How a message reaches its recipient, and what an address looks like on it. */
public enum Channel {
  /** A phone number, Vietnamese (0…) or international (+84…). */
  SMS("^\\+?[0-9]{9,15}$"),
  /** A Zalo user id as the Official Account knows it (digits). */
  ZALO("^[0-9]{1,32}$"),
  EMAIL("^[^@\\s]{1,64}@[^@\\s]{1,255}\\.[A-Za-z]{2,63}$"),
  /** An HTTPS URL (HTTP only to the loopback host, for local integrations). */
  WEBHOOK(
      "^(https://[^\\s]{3,500}|http://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]{1,5})?/[^\\s]{0,400})$");

  private final Pattern address;

  Channel(String address) {
    this.address = Pattern.compile(address);
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean validAddress(String candidate) {
    return candidate != null && address.matcher(candidate).matches();
  }

  public static Optional<Channel> fromCode(String code) {
    for (Channel c : values()) {
      if (c.code().equals(code)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
