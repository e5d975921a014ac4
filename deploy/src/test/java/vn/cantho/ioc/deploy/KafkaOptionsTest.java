package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.adapters.kafka.KafkaIngestConfig;

/** {@code ioc server}'s Kafka options (ADR 0024): off unless a bootstrap is given. */
class KafkaOptionsTest {
  private static final Set<String> VALUED =
      Set.of("kafka-bootstrap", "kafka-topic", "kafka-group", "kafka-config");

  @Test
  void withoutABootstrapTheNodeIngestsOverMqtt() throws Exception {
    // IOC_KAFKA_BOOTSTRAP is not set where the tests run.
    assertThat(System.getenv("IOC_KAFKA_BOOTSTRAP")).isNull();
    assertThat(ServerCommand.kafka(Options.parse(List.of(), Set.of(), VALUED), "n1")).isNull();
  }

  @Test
  void optionsAndAPropertiesFileMakeTheConsumerButCannotTurnOnAutoCommit() throws Exception {
    Path file = Files.createTempFile("kafka", ".properties");
    Files.writeString(
        file,
        "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nenable.auto.commit=true\n"
            + "group.id=not-this-one\n");
    KafkaIngestConfig config =
        ServerCommand.kafka(
            Options.parse(
                List.of(
                    "--kafka-bootstrap",
                    "k1:9093,k2:9093",
                    "--kafka-topic",
                    "cantho.telemetry",
                    "--kafka-config",
                    file.toString()),
                Set.of(),
                VALUED),
            "ioc:node-7");
    assertThat(config.topic()).isEqualTo("cantho.telemetry");
    assertThat(config.groupId()).isEqualTo(KafkaIngestConfig.DEFAULT_GROUP);
    Properties p = config.consumerProperties();
    assertThat(p)
        .containsEntry("bootstrap.servers", "k1:9093,k2:9093")
        .containsEntry("client.id", "ioc:node-7")
        .containsEntry("group.id", "ioc-ingest")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        // Offsets are the adapter's, after the database commit, whatever the file says.
        .containsEntry("enable.auto.commit", "false");
  }
}
