package vn.cantho.ioc.core.notify;

import java.util.Locale;
import java.util.Optional;

/** The language of a recipient's messages: Vietnamese unless he asked for English. */
public enum Language {
  VI,
  EN;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Language> fromCode(String code) {
    for (Language l : values()) {
      if (l.code().equals(code)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }
}
