package vn.cantho.ioc.adapters.opcua;

import java.util.List;

/**
 * How one action of one device is carried out on the OPC UA server: either each parameter is
 * written to its variable ({@code write}), or one method is called with the parameters as its input
 * arguments ({@code call}). Exactly one of {@code writes} (non-empty) and {@code call} is given.
 *
 * @param deviceId the device in the registry
 * @param action the command's action, e.g. {@code set}
 * @param writes parameter → variable, in the order they are written; empty for a method call
 * @param call the method to call instead, or null
 */
public record CommandMapping(
    String deviceId, String action, List<ParamWrite> writes, MethodCall call) {
  public CommandMapping {
    writes = List.copyOf(writes);
    if (writes.isEmpty() == (call == null)) {
      throw new IllegalArgumentException("a command mapping needs writes or a call, not both");
    }
  }

  /** Parameter {@code param} is written to variable {@code nodeId} as {@code dataType}. */
  public record ParamWrite(String param, String nodeId, CommandDataType dataType) {}

  /** Method {@code methodId} of object {@code objectId}, with these parameters as its inputs. */
  public record MethodCall(String objectId, String methodId, List<MethodInput> inputs) {
    public MethodCall {
      inputs = List.copyOf(inputs);
    }
  }

  /** One input argument of a method, taken from parameter {@code param}. */
  public record MethodInput(String param, CommandDataType dataType) {}
}
