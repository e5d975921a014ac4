package vn.cantho.ioc.adapters.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Milo client for a mapping: picks the server endpoint with the wanted security policy
 * and mode, and for a secured endpoint presents the adapter's certificate.
 *
 * <p>The chosen endpoint is always reached at the host and port of the mapping's URL, not at the
 * ones the server advertises: gateways commonly announce a plant DNS name or a NAT-internal address
 * that the IOC cannot resolve or reach. Only the URL changes; the endpoint's certificate, security
 * policy and mode are kept, so Basic256Sha256 is checked exactly as before.
 */
final class OpcUaClientFactory {
  private static final Logger LOG = LoggerFactory.getLogger(OpcUaClientFactory.class);

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
                .findFirst()
                .map(e -> atDialledAddress(e, mapping.endpointUrl())),
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

  /** The endpoint with its URL's host and port replaced by those of the URL that was dialled. */
  private static EndpointDescription atDialledAddress(
      EndpointDescription endpoint, String dialledUrl) {
    EndpointDescription rewritten =
        EndpointUtil.updateUrl(
            endpoint, EndpointUtil.getHost(dialledUrl), EndpointUtil.getPort(dialledUrl));
    if (!rewritten.getEndpointUrl().equals(endpoint.getEndpointUrl())) {
      LOG.info(
          "OPC UA server advertises {}; connecting to {} instead",
          endpoint.getEndpointUrl(),
          rewritten.getEndpointUrl());
    }
    return rewritten;
  }
}
