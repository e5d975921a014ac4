package vn.cantho.ioc.core.command;

import java.util.Locale;

/** Why a command was issued: a person, a feature's schedule, the twin re-sending, the node. */
public enum CommandOrigin {
  OPERATOR,
  SCHEDULE,
  /** The twin re-sent a device's desired state (it came back, or reported something else). */
  TWIN,
  SYSTEM;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CommandOrigin fromCode(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }
}
