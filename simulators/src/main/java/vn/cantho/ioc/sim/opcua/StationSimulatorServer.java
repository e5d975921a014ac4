package vn.cantho.ioc.sim.opcua;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OPC UA server standing in for a SCADA gateway: one drainage pumping station with its tidal
 * sluice gate and one street-lighting cabinet, values from pure models of the given clock (see
 * {@link PumpingStationModel} and {@link LightingCabinetModel}), refreshed twice a second.
 *
 * <p>Listens on 127.0.0.1 only, at {@code opc.tcp://127.0.0.1:<port>/cantho-sim}, with two
 * endpoints: security None, and Basic256Sha256 with SignAndEncrypt. Anonymous users. Closing it
 * frees the port, so a new instance can start on the same port.
 *
 * <p>It can announce another host name in its endpoint descriptions than the one it listens on,
 * like a gateway behind NAT or one configured with a plant DNS name the client cannot resolve.
 */
public final class StationSimulatorServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StationSimulatorServer.class);
  private static final String HOST = "127.0.0.1";
  private static final String PATH = "/cantho-sim";
  private static final long UPDATE_PERIOD_MS = 500;

  private final OpcUaServer server;
  private final ScheduledExecutorService updater;
  private final String endpointUrl;

  private StationSimulatorServer(
      OpcUaServer server, ScheduledExecutorService updater, String endpointUrl) {
    this.server = server;
    this.updater = updater;
    this.endpointUrl = endpointUrl;
  }

  /**
   * Starts a simulator and returns once it accepts connections.
   *
   * @param port TCP port on 127.0.0.1
   * @param pkiDirectory where the server's self-signed certificate is created or reused
   * @param clock the time the models follow (a fixed or offset clock in tests)
   */
  public static StationSimulatorServer start(int port, Path pkiDirectory, Clock clock)
      throws Exception {
    return start(port, pkiDirectory, clock, HOST);
  }

  /**
   * Starts a simulator that listens on 127.0.0.1 but advertises {@code advertisedHost} in the
   * endpoint URLs of its GetEndpoints answer, as field gateways often do.
   *
   * @param advertisedHost the host name put into the endpoint descriptions; need not resolve
   */
  public static StationSimulatorServer start(
      int port, Path pkiDirectory, Clock clock, String advertisedHost) throws Exception {
    ServerCertificates certificates = ServerCertificates.loadOrCreate(pkiDirectory);
    OpcUaServerConfig config =
        OpcUaServerConfig.builder()
            .setApplicationUri(ServerCertificates.APPLICATION_URI)
            .setApplicationName(LocalizedText.english("Can Tho IOC station simulator"))
            .setProductUri("urn:cantho:ioc:sim")
            .setCertificateManager(certificates.certificateManager())
            .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
            .setEndpoints(endpoints(port, advertisedHost, certificates))
            .build();
    OpcUaServer server =
        new OpcUaServer(
            config,
            profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    StationNamespace namespace = new StationNamespace(server, clock);
    namespace.startup();
    ScheduledExecutorService updater =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "opcua-sim-updater-" + port);
              t.setDaemon(true);
              return t;
            });
    try {
      namespace.update(clock.instant());
      server.startup().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      updater.shutdownNow();
      server.shutdown().get(10, TimeUnit.SECONDS);
      throw e;
    }
    updater.scheduleAtFixedRate(
        () -> updateQuietly(namespace, clock), 0, UPDATE_PERIOD_MS, TimeUnit.MILLISECONDS);
    String url = "opc.tcp://" + HOST + ":" + port + PATH;
    LOG.info("OPC UA station simulator listening on {}", url);
    return new StationSimulatorServer(server, updater, url);
  }

  private static Set<EndpointConfig> endpoints(
      int port, String advertisedHost, ServerCertificates certificates) {
    EndpointConfig.Builder base =
        EndpointConfig.newBuilder()
            .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
            .setBindAddress(HOST)
            .setHostname(advertisedHost)
            .setBindPort(port)
            .setPath(PATH)
            .setCertificate(certificates.certificate())
            .addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
    Set<EndpointConfig> endpoints = new LinkedHashSet<>();
    endpoints.add(
        base.copy()
            .setSecurityPolicy(SecurityPolicy.None)
            .setSecurityMode(MessageSecurityMode.None)
            .build());
    endpoints.add(
        base.copy()
            .setSecurityPolicy(SecurityPolicy.Basic256Sha256)
            .setSecurityMode(MessageSecurityMode.SignAndEncrypt)
            .build());
    return endpoints;
  }

  // A failed update must not cancel the schedule (a thrown exception would).
  @SuppressWarnings("CatchingUnchecked")
  private static void updateQuietly(StationNamespace namespace, Clock clock) {
    try {
      namespace.update(clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("simulator update failed", e);
    }
  }

  /**
   * The URL to dial, e.g. {@code opc.tcp://127.0.0.1:4840/cantho-sim}, whatever host it advertises.
   */
  public String endpointUrl() {
    return endpointUrl;
  }

  @Override
  public void close() throws Exception {
    updater.shutdownNow();
    server.shutdown().get(30, TimeUnit.SECONDS);
    LOG.info("OPC UA station simulator on {} stopped", endpointUrl);
  }
}
