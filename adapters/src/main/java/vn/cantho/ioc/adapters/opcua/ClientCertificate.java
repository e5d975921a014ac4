package vn.cantho.ioc.adapters.opcua;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * The adapter's application instance certificate for signed and encrypted endpoints: self-signed,
 * generated once and kept in a PKCS#12 file in the given directory so that a server administrator
 * trusts it once. Production may replace the file with a CA-issued one under the same alias.
 */
record ClientCertificate(KeyPair keyPair, X509Certificate certificate) {
  static final String APPLICATION_URI = "urn:cantho:ioc:adapter:opcua";
  static final String FILE = "opcua-client.pfx";
  private static final String ALIAS = "opcua-client";
  // The keystore guards a key that sits next to it on disk; file permissions protect it.
  private static final char[] PASSWORD = "cantho-ioc".toCharArray();

  static ClientCertificate loadOrCreate(Path directory) throws Exception {
    Files.createDirectories(directory);
    Path file = directory.resolve(FILE);
    KeyStore store = KeyStore.getInstance("PKCS12");
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        store.load(in, PASSWORD);
      }
      X509Certificate certificate = (X509Certificate) store.getCertificate(ALIAS);
      PrivateKey key = (PrivateKey) store.getKey(ALIAS, PASSWORD);
      return new ClientCertificate(new KeyPair(certificate.getPublicKey(), key), certificate);
    }
    KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
    X509Certificate certificate =
        new SelfSignedCertificateBuilder(keyPair)
            .setCommonName("Can Tho IOC OPC UA adapter")
            .setOrganization("Can Tho IOC")
            .setCountryCode("VN")
            .setApplicationUri(APPLICATION_URI)
            .addDnsName("localhost")
            .build();
    store.load(null, PASSWORD);
    store.setKeyEntry(ALIAS, keyPair.getPrivate(), PASSWORD, new X509Certificate[] {certificate});
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, PASSWORD);
    }
    return new ClientCertificate(keyPair, certificate);
  }
}
