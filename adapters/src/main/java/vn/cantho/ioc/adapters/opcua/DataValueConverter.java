package vn.cantho.ioc.adapters.opcua;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.reading.Rejected;

/** Turns one OPC UA data change into a reading, or into a rejection when it carries no number. */
final class DataValueConverter {
  static final String SOURCE = "opcua";

  private DataValueConverter() {}

  /** Either a reading or a rejection, never both. */
  sealed interface Result permits Accepted, Refused {}

  record Accepted(Reading reading) implements Result {}

  record Refused(Rejected rejected) implements Result {}

  static Result convert(NodeMapping node, DataValue value, Instant receivedAt) {
    StatusCode status = value.getStatusCode() == null ? StatusCode.GOOD : value.getStatusCode();
    Object raw = value.getValue() == null ? null : value.getValue().getValue();
    Double number = asNumber(raw);
    if (number != null && Double.isFinite(number)) {
      return new Accepted(
          new Reading(
              node.deviceId(),
              node.metric(),
              timestamp(value, receivedAt),
              number,
              quality(status),
              SOURCE));
    }
    String reason =
        status.isBad()
            ? "OPC UA status " + statusName(status)
            : "OPC UA value is not a finite number: "
                + (raw == null ? "null" : raw.getClass().getSimpleName() + " " + raw);
    return new Refused(
        new Rejected(
            SOURCE,
            node.nodeId(),
            node.deviceId(),
            reason,
            String.valueOf(value).getBytes(StandardCharsets.UTF_8),
            receivedAt));
  }

  static Quality quality(StatusCode status) {
    if (status.isGood()) {
      return Quality.GOOD;
    }
    return status.isUncertain() ? Quality.UNCERTAIN : Quality.BAD;
  }

  /** The symbolic name, e.g. Bad_SensorFailure; hex when the code is not a standard one. */
  static String statusName(StatusCode status) {
    return StatusCodes.lookup(status.getValue())
        .map(nameAndDescription -> nameAndDescription[0])
        .orElse(String.format("0x%08X", status.getValue()));
  }

  private static Double asNumber(Object raw) {
    if (raw instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    if (raw instanceof Number n) {
      return n.doubleValue();
    }
    return null;
  }

  // The device's own clock if it sent one, else the server's, else ours.
  private static Instant timestamp(DataValue value, Instant receivedAt) {
    for (DateTime t : new DateTime[] {value.getSourceTime(), value.getServerTime()}) {
      if (t != null && t.isValid() && t.isNotNull()) {
        return t.getJavaInstant();
      }
    }
    return receivedAt;
  }
}
