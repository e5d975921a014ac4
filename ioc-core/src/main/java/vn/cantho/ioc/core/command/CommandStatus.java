package vn.cantho.ioc.core.command;

import java.util.Locale;

/**
 * Where a command to one device stands. A command starts {@link #PENDING}, becomes {@link #SENT}
 * when the transport has taken it (the broker's PUBACK), and ends in exactly one final status. A
 * final status never changes: a device answer that arrives after the timeout is logged, not
 * applied.
 */
public enum CommandStatus {
  /** Stored, waiting for a free slot on its transport. */
  PENDING,
  /** Handed to the transport (MQTT: the broker acknowledged the publish); no answer yet. */
  SENT,
  /** The device carried it out. */
  ACKNOWLEDGED,
  /** The device answered that it will not (bad parameters, not supported, local override). */
  REJECTED,
  /** The transport could not deliver it (no route, broker refused, OPC UA bad status). */
  FAILED,
  /** No final answer before its deadline. */
  TIMED_OUT;

  public boolean isFinal() {
    return this != PENDING && this != SENT;
  }

  /** The code in the database, the API and on the wire: {@code timed_out}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CommandStatus fromCode(String code) {
    for (CommandStatus s : values()) {
      if (s.code().equals(code)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown command status: " + code);
  }
}
