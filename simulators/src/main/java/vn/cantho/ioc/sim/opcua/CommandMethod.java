package vn.cantho.ioc.sim.opcua;

import java.util.Map;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.methods.InvalidArgumentException;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;

/**
 * A method of the simulator that carries out a command: its input arguments are checked against
 * their declared types (Bad_InvalidArgument with Bad_TypeMismatch on the wrong ones, as a real
 * controller answers), then the body applies them; no outputs.
 */
final class CommandMethod extends AbstractMethodInvocationHandler {
  /** What the method does with its inputs, already of their declared types. */
  @FunctionalInterface
  interface Body {
    void apply(Object[] inputs) throws UaException;
  }

  /** One input: its name, type (Boolean, Int32 or Double) and what it means. */
  record Input(String name, NodeId type, String description) {
    Argument argument() {
      return new Argument(name, type, -1, null, LocalizedText.english(description));
    }
  }

  private static final Map<NodeId, Class<?>> JAVA_TYPES =
      Map.of(
          NodeIds.Boolean,
          Boolean.class,
          NodeIds.Int32,
          Integer.class,
          NodeIds.Double,
          Double.class);

  private final Input[] inputs;
  private final Body body;

  CommandMethod(UaMethodNode node, Body body, Input... inputs) {
    super(node);
    this.inputs = inputs.clone();
    this.body = body;
  }

  @Override
  public Argument[] getInputArguments() {
    Argument[] out = new Argument[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      out[i] = inputs[i].argument();
    }
    return out;
  }

  @Override
  public Argument[] getOutputArguments() {
    return new Argument[0];
  }

  @Override
  protected Variant[] invoke(InvocationContext context, Variant[] arguments) throws UaException {
    Object[] values = new Object[inputs.length];
    StatusCode[] results = new StatusCode[inputs.length];
    boolean mismatch = false;
    for (int i = 0; i < inputs.length; i++) {
      values[i] = arguments[i].value();
      boolean typed = JAVA_TYPES.get(inputs[i].type()).isInstance(values[i]);
      results[i] = typed ? StatusCode.GOOD : new StatusCode(StatusCodes.Bad_TypeMismatch);
      mismatch |= !typed;
    }
    if (mismatch) {
      throw new InvalidArgumentException(results);
    }
    body.apply(values);
    return new Variant[0];
  }

  /** Bad_InvalidArgument with Bad_OutOfRange on input {@code index} of {@code count}. */
  static InvalidArgumentException outOfRange(int index, int count) {
    StatusCode[] results = new StatusCode[count];
    for (int i = 0; i < count; i++) {
      results[i] = i == index ? new StatusCode(StatusCodes.Bad_OutOfRange) : StatusCode.GOOD;
    }
    return new InvalidArgumentException(results);
  }
}
