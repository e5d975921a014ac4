package vn.cantho.ioc.deploy;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the node adds to its embedded HiveMQ (one embedded extension is all HiveMQ takes): device
 * sign-in when {@code auth} is set, and on every connection the uplink hand-off's interceptor with
 * that connection's grant.
 */
final class EmbeddedBrokerExtension implements ExtensionMain {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBrokerExtension.class);

  private final BrokerAuthExtension auth;
  private final UplinkHandOff handOff;

  /**
   * @param auth device sign-in and topic permissions; null lets any client in (tests of the ingest
   *     path alone, the benchmark's load generator)
   */
  EmbeddedBrokerExtension(BrokerAuthExtension auth, UplinkHandOff handOff) {
    this.auth = auth;
    this.handOff = handOff;
  }

  EmbeddedExtension embedded() {
    return EmbeddedExtension.builder()
        .withId("cantho-ioc")
        .withName("Can Tho IOC device sign-in and uplink hand-off")
        .withVersion("1")
        .withPriority(1_000)
        .withStartPriority(1_000)
        .withExtensionMain(this)
        .build();
  }

  @Override
  public void extensionStart(ExtensionStartInput in, ExtensionStartOutput out) {
    if (auth != null) {
      auth.register();
    }
    Services.initializerRegistry()
        .setClientInitializer(
            (input, client) -> {
              String clientId = input.getClientInformation().getClientId();
              if (auth == null) {
                client.addPublishInboundInterceptor(handOff.interceptorFor(null));
                return;
              }
              // Without its grant the connection's uplinks take HiveMQ's normal, authorized path.
              auth.takeGrant(clientId)
                  .ifPresentOrElse(
                      grant -> client.addPublishInboundInterceptor(handOff.interceptorFor(grant)),
                      () -> LOG.debug("No grant for {}: its uplinks are queued", clientId));
            });
  }

  @Override
  public void extensionStop(ExtensionStopInput in, ExtensionStopOutput out) {
    if (auth != null) {
      auth.stop();
    }
  }
}
