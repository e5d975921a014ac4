package vn.cantho.ioc.adapters.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.reading.Rejected;

class DataValueConverterTest {
  private static final NodeMapping NODE =
      new NodeMapping("ns=2;s=station/cai-khe/pump-1", "flood-cai-khe-01", "pump_1", 1000);
  private static final Instant SOURCE = Instant.parse("2026-11-23T05:00:00Z");
  private static final Instant SERVER = Instant.parse("2026-11-23T05:00:01Z");
  private static final Instant NOW = Instant.parse("2026-11-23T05:00:02Z");

  @Test
  void booleansBecomeOneAndZero() {
    assertThat(reading(value(true, StatusCode.GOOD)).value()).isEqualTo(1.0);
    assertThat(reading(value(false, StatusCode.GOOD)).value()).isEqualTo(0.0);
  }

  @Test
  void anyNumberBecomesADoubleWithTheDeviceAndMetricOfTheNode() {
    Reading r = reading(value(UInteger.valueOf(42), StatusCode.GOOD));

    assertThat(r)
        .isEqualTo(new Reading("flood-cai-khe-01", "pump_1", SOURCE, 42.0, Quality.GOOD, "opcua"));
  }

  @Test
  void qualityFollowsTheStatusCode() {
    assertThat(reading(value(1.5, new StatusCode(StatusCodes.Uncertain_LastUsableValue))).quality())
        .isEqualTo(Quality.UNCERTAIN);
    assertThat(reading(value(1.5, new StatusCode(StatusCodes.Bad_SensorFailure))).quality())
        .isEqualTo(Quality.BAD);
  }

  @Test
  void timestampIsSourceThenServerThenReceipt() {
    DataValue serverOnly =
        new DataValue(new Variant(1.0), StatusCode.GOOD, null, new DateTime(SERVER));
    DataValue none = new DataValue(new Variant(1.0), StatusCode.GOOD, null, null);

    assertThat(reading(serverOnly).ts()).isEqualTo(SERVER);
    assertThat(reading(none).ts()).isEqualTo(NOW);
  }

  @Test
  void aBadValueWithoutANumberIsRejectedWithTheStatusName() {
    DataValue bad = new DataValue(new StatusCode(StatusCodes.Bad_SensorFailure));

    DataValueConverter.Result result = DataValueConverter.convert(NODE, bad, NOW);

    assertThat(result).isInstanceOf(DataValueConverter.Refused.class);
    Rejected rejected = ((DataValueConverter.Refused) result).rejected();
    assertThat(rejected.reason()).isEqualTo("OPC UA status Bad_SensorFailure");
    assertThat(rejected.source()).isEqualTo("opcua");
    assertThat(rejected.topic()).isEqualTo(NODE.nodeId());
    assertThat(rejected.deviceId()).isEqualTo("flood-cai-khe-01");
    assertThat(rejected.receivedAt()).isEqualTo(NOW);
  }

  @Test
  void aGoodValueThatIsNotANumberIsRejectedToo() {
    DataValueConverter.Result result =
        DataValueConverter.convert(NODE, value("on", StatusCode.GOOD), NOW);

    assertThat(((DataValueConverter.Refused) result).rejected().reason())
        .isEqualTo("OPC UA value is not a finite number: String on");
  }

  private static DataValue value(Object v, StatusCode status) {
    return new DataValue(new Variant(v), status, new DateTime(SOURCE), new DateTime(SERVER));
  }

  private static Reading reading(DataValue value) {
    DataValueConverter.Result result = DataValueConverter.convert(NODE, value, NOW);
    assertThat(result).isInstanceOf(DataValueConverter.Accepted.class);
    return ((DataValueConverter.Accepted) result).reading();
  }
}
