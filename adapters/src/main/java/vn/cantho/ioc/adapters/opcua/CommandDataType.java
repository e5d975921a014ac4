package vn.cantho.ioc.adapters.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * The OPC UA built-in type a command parameter is sent as. Servers check the type of a written
 * value strictly (a Double variable refuses an Int32 with Bad_TypeMismatch), so the mapping says
 * which one the variable or method argument has, and the JSON parameter is converted to it.
 */
public enum CommandDataType {
  BOOLEAN("Boolean"),
  BYTE("Byte"),
  INT16("Int16"),
  UINT16("UInt16"),
  INT32("Int32"),
  UINT32("UInt32"),
  INT64("Int64"),
  FLOAT("Float"),
  DOUBLE("Double");

  private final String fileName;

  CommandDataType(String fileName) {
    this.fileName = fileName;
  }

  /** The name in the mapping file and in OPC UA: {@code Boolean}, {@code Double}. */
  public String fileName() {
    return fileName;
  }

  public static CommandDataType fromFileName(String name) {
    for (CommandDataType t : values()) {
      if (t.fileName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown dataType \""
            + name
            + "\", expected one of "
            + Arrays.stream(values())
                .map(CommandDataType::fileName)
                .collect(Collectors.joining(", ")));
  }

  /**
   * The parameter as a value of this type.
   *
   * @param value a JSON value: a number, or for Boolean also {@code true}/{@code false}
   * @throws IllegalArgumentException saying why the value does not fit, e.g. {@code 2 is not 0 or
   *     1}
   */
  public Variant toVariant(Object value) {
    if (this == BOOLEAN) {
      if (value instanceof Boolean b) {
        return new Variant(b);
      }
      if (value instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
        return new Variant(n.doubleValue() == 1);
      }
      throw new IllegalArgumentException(describe(value) + " is not a Boolean (0 or 1)");
    }
    if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw new IllegalArgumentException(describe(value) + " is not a number");
    }
    double d = n.doubleValue();
    return switch (this) {
      case DOUBLE -> new Variant(d);
      case FLOAT -> new Variant((float) d);
      case BYTE -> new Variant(ubyte(whole(n, 0, 255)));
      case INT16 -> new Variant((short) whole(n, Short.MIN_VALUE, Short.MAX_VALUE));
      case UINT16 -> new Variant(ushort((int) whole(n, 0, 65_535)));
      case INT32 -> new Variant((int) whole(n, Integer.MIN_VALUE, Integer.MAX_VALUE));
      case UINT32 -> new Variant(uint(whole(n, 0, 4_294_967_295L)));
      case INT64 -> new Variant(whole(n, Long.MIN_VALUE, Long.MAX_VALUE));
      case BOOLEAN -> throw new AssertionError("handled above");
    };
  }

  private long whole(Number n, long min, long max) {
    double d = n.doubleValue();
    if (d != Math.rint(d)) {
      throw new IllegalArgumentException(n + " is not a whole number (" + fileName + ")");
    }
    if (d < min || d > max) {
      throw new IllegalArgumentException(n + " does not fit " + fileName);
    }
    return n instanceof Double || n instanceof Float ? (long) d : n.longValue();
  }

  private static String describe(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }
}
