package vn.cantho.ioc.adapters.opcua;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * A real Milo server with only the standard address space, at the simulator's URL and security
 * None: a server that knows none of the simulator's nodes, as when a mapping meets the wrong or a
 * not yet configured gateway.
 */
final class BareOpcUaServer implements AutoCloseable {
  private final OpcUaServer server;

  private BareOpcUaServer(OpcUaServer server) {
    this.server = server;
  }

  static BareOpcUaServer start(int port) throws Exception {
    EndpointConfig endpoint =
        EndpointConfig.newBuilder()
            .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
            .setBindAddress("127.0.0.1")
            .setHostname("127.0.0.1")
            .setBindPort(port)
            .setPath("/cantho-sim")
            .setSecurityPolicy(SecurityPolicy.None)
            .setSecurityMode(MessageSecurityMode.None)
            .addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
            .build();
    OpcUaServerConfig config =
        OpcUaServerConfig.builder()
            .setApplicationUri("urn:cantho:ioc:test:bare-server")
            .setApplicationName(LocalizedText.english("bare test server"))
            .setProductUri("urn:cantho:ioc:test")
            .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine()))
            .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
            .setEndpoints(Set.of(endpoint))
            .build();
    OpcUaServer server =
        new OpcUaServer(
            config,
            profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    server.startup().get(30, TimeUnit.SECONDS);
    return new BareOpcUaServer(server);
  }

  @Override
  public void close() throws Exception {
    server.shutdown().get(30, TimeUnit.SECONDS);
  }
}
