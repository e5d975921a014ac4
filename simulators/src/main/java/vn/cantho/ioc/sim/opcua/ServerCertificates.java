package vn.cantho.ioc.sim.opcua;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.CertificateManager;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.KeyStoreCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;

/**
 * The simulator's application instance certificate: self-signed, generated on first start and kept
 * in a PKCS#12 file in the caller's directory, so a restarted simulator presents the same
 * certificate and clients that accepted it keep working.
 *
 * <p>SIMULATOR ONLY: it trusts every client certificate. A real server keeps a trust list.
 */
final class ServerCertificates {
  static final String APPLICATION_URI = "urn:cantho:ioc:sim:station-server";
  private static final String KEYSTORE_FILE = "station-simulator.pfx";
  // Protects nothing worth protecting: a throw-away simulator key on the developer's disk.
  private static final char[] PASSWORD = "simulator".toCharArray();

  private final CertificateManager certificateManager;
  private final X509Certificate certificate;

  private ServerCertificates(CertificateManager certificateManager, X509Certificate certificate) {
    this.certificateManager = certificateManager;
    this.certificate = certificate;
  }

  static ServerCertificates loadOrCreate(Path directory) throws Exception {
    Files.createDirectories(directory);
    var store =
        KeyStoreCertificateStore.createAndInitialize(
            new KeyStoreCertificateStore.Settings(
                directory.resolve(KEYSTORE_FILE),
                () -> PASSWORD.clone(),
                alias -> PASSWORD.clone()));
    CertificateValidator acceptAll = (chain, applicationUri, hostnames) -> {};
    var group =
        DefaultApplicationGroup.createAndInitialize(
            new MemoryTrustListManager(), store, new SelfSignedFactory(), acceptAll);
    X509Certificate certificate =
        group
            .getCertificateChain(NodeIds.RsaSha256ApplicationCertificateType)
            .map(chain -> chain[0])
            .orElseThrow(() -> new IllegalStateException("no simulator certificate"));
    return new ServerCertificates(
        new DefaultCertificateManager(new MemoryCertificateQuarantine(), group), certificate);
  }

  CertificateManager certificateManager() {
    return certificateManager;
  }

  X509Certificate certificate() {
    return certificate;
  }

  private static final class SelfSignedFactory extends RsaSha256CertificateFactory {
    @Override
    protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) throws Exception {
      X509Certificate certificate =
          new SelfSignedCertificateBuilder(keyPair)
              .setCommonName("Can Tho IOC station simulator")
              .setOrganization("Can Tho IOC")
              .setCountryCode("VN")
              .setApplicationUri(APPLICATION_URI)
              .addDnsName("localhost")
              .addIpAddress("127.0.0.1")
              .build();
      return new X509Certificate[] {certificate};
    }
  }
}
