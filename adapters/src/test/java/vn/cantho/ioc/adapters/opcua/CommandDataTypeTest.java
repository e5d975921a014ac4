package vn.cantho.ioc.adapters.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.util.List;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.command.CommandStatus;
import vn.cantho.ioc.core.command.Delivery;

class CommandDataTypeTest {
  @Test
  void convertsJsonParametersToTheMappedType() {
    assertThat(CommandDataType.BOOLEAN.toVariant(1)).isEqualTo(new Variant(true));
    assertThat(CommandDataType.BOOLEAN.toVariant(0.0)).isEqualTo(new Variant(false));
    assertThat(CommandDataType.BOOLEAN.toVariant(true)).isEqualTo(new Variant(true));
    assertThat(CommandDataType.DOUBLE.toVariant(70)).isEqualTo(new Variant(70.0));
    assertThat(CommandDataType.FLOAT.toVariant(70)).isEqualTo(new Variant(70.0f));
    assertThat(CommandDataType.INT16.toVariant(-3)).isEqualTo(new Variant((short) -3));
    assertThat(CommandDataType.UINT16.toVariant(65535)).isEqualTo(new Variant(ushort(65535)));
    assertThat(CommandDataType.INT32.toVariant(70.0)).isEqualTo(new Variant(70));
  }

  @Test
  void refusesValuesThatDoNotFit() {
    assertThatThrownBy(() -> CommandDataType.BOOLEAN.toVariant(2))
        .hasMessage("2 is not a Boolean (0 or 1)");
    assertThatThrownBy(() -> CommandDataType.DOUBLE.toVariant("70"))
        .hasMessage("\"70\" is not a number");
    assertThatThrownBy(() -> CommandDataType.INT32.toVariant(1.5))
        .hasMessage("1.5 is not a whole number (Int32)");
    assertThatThrownBy(() -> CommandDataType.BYTE.toVariant(256))
        .hasMessage("256 does not fit Byte");
    assertThatThrownBy(() -> CommandDataType.DOUBLE.toVariant(null))
        .hasMessage("null is not a number");
  }

  @Test
  void statusCodesBecomeOneDelivery() {
    StatusCode good = StatusCode.GOOD;
    StatusCode outOfRange = new StatusCode(StatusCodes.Bad_OutOfRange);
    StatusCode timeout = new StatusCode(StatusCodes.Bad_Timeout);
    List<String> params = List.of("state", "dim");

    assertThat(OpcUaDownlink.outcome(params, List.of(good, good)))
        .isEqualTo(new Delivery(CommandStatus.ACKNOWLEDGED, null));
    assertThat(OpcUaDownlink.outcome(params, List.of(good, outOfRange)))
        .isEqualTo(new Delivery(CommandStatus.REJECTED, "dim: Bad_OutOfRange (written: state)"));
    assertThat(OpcUaDownlink.outcome(params, List.of(timeout, outOfRange)))
        .isEqualTo(new Delivery(CommandStatus.FAILED, "state: Bad_Timeout; dim: Bad_OutOfRange"));
  }
}
