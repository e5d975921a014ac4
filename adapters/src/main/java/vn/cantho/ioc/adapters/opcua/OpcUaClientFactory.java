package vn.cantho.ioc.adapters.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;

/**
 * Builds the Milo client for a mapping: picks the server endpoint with the wanted security policy
 * and mode, and for a secured endpoint presents the adapter's certificate.
 */
final class OpcUaClientFactory {
  private OpcUaClientFactory() {}

  /** Asks the server for its endpoints, so it fails while the server is unreachable. */
  static OpcUaClient create(OpcUaMapping mapping, Path pkiDirectory) throws Exception {
    OpcUaSecurity security = mapping.security();
    Files.createDirectories(pkiDirectory);
    ClientCertificate certificate =
        security == OpcUaSecurity.NONE ? null : ClientCertificate.loadOrCreate(pkiDirectory);
    TrustOnFirstUseValidator validator = new TrustOnFirstUseValidator(pkiDirectory);
    return OpcUaClient.create(
        mapping.endpointUrl(),
        endpoints ->
            endpoints.stream()
                .filter(e -> security.policy().getUri().equals(e.getSecurityPolicyUri()))
                .filter(e -> e.getSecurityMode() == security.mode())
                .findFirst(),
        transport -> {},
        config -> {
          config
              .setApplicationName(LocalizedText.english("Can Tho IOC OPC UA adapter"))
              .setApplicationUri(ClientCertificate.APPLICATION_URI)
              .setProductUri("urn:cantho:ioc")
              .setIdentityProvider(new AnonymousProvider())
              .setRequestTimeout(uint(5_000))
              .setCertificateValidator(validator);
          if (certificate != null) {
            config
                .setKeyPair(certificate.keyPair())
                .setCertificate(certificate.certificate())
                .setCertificateChain(new X509Certificate[] {certificate.certificate()});
          }
        });
  }
}
