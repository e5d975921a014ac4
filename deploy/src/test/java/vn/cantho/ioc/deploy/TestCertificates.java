package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Throw-away certificates for localhost (127.0.0.1, ::1), made with the JDK's keytool and Debian's
 * openssl, and trust stores that accept them.
 */
final class TestCertificates {
  static final String PASSWORD = "test-store-password";
  private static final String SAN = "SAN=dns:localhost,ip:127.0.0.1,ip:::1";

  private TestCertificates() {}

  /** A PKCS#12 key store with a self-signed EC key pair under alias {@code ioc}. */
  static Path keyStore(Path dir) throws Exception {
    Path store = dir.resolve("server.p12");
    run(
        keytool(),
        "-genkeypair",
        "-alias",
        "ioc",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        SAN,
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    return store;
  }

  /** A self-signed certificate and key as PEM files, for mosquitto. */
  static MosquittoBroker.PemIdentity pem(Path dir) throws Exception {
    Path cert = dir.resolve("broker.crt");
    Path key = dir.resolve("broker.key");
    run(
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        key.toString(),
        "-out",
        cert.toString(),
        "-days",
        "2",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1");
    return new MosquittoBroker.PemIdentity(cert, key);
  }

  /** A PKCS#12 trust store holding one PEM certificate. */
  static Path trustStore(Path dir, Path certificatePem) throws Exception {
    Path store = dir.resolve("trust.p12");
    run(
        keytool(),
        "-importcert",
        "-noprompt",
        "-alias",
        "server",
        "-file",
        certificatePem.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD);
    return store;
  }

  /** An SSL context that trusts exactly the key store's own certificate. */
  static SSLContext trusting(Path keyStore) throws Exception {
    KeyStore server = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      server.load(in, PASSWORD.toCharArray());
    }
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("ioc", server.getCertificate("ioc"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  /** Paho's SSL properties for a trust store, as the ingest adapter sets them. */
  static Properties pahoTrust(Path trustStore) {
    Properties p = new Properties();
    p.setProperty("com.ibm.ssl.trustStore", trustStore.toAbsolutePath().toString());
    p.setProperty("com.ibm.ssl.trustStorePassword", PASSWORD);
    p.setProperty("com.ibm.ssl.trustStoreType", "PKCS12");
    return p;
  }

  private static String keytool() {
    return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue())
        .as(String.join(" ", new ArrayList<>(List.of(command))) + "\n" + output)
        .isZero();
  }
}
