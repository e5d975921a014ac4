package vn.cantho.ioc.adapters.opcua;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;

/**
 * Accepts the server certificate seen first and pins it in a file; a different certificate later is
 * refused until an operator deletes the file. Convenient for a pilot; production should provision
 * the server certificate (or its CA) into a real trust list instead of trusting the first thing
 * that answers.
 */
final class TrustOnFirstUseValidator implements CertificateValidator {
  static final String FILE = "trusted-server.der";
  private final Path pinned;

  TrustOnFirstUseValidator(Path directory) {
    this.pinned = directory.resolve(FILE);
  }

  @Override
  public synchronized void validateCertificateChain(
      List<X509Certificate> chain, String applicationUri, String[] validHostNames)
      throws UaException {
    if (chain.isEmpty()) {
      throw new UaException(StatusCodes.Bad_CertificateInvalid, "server sent no certificate");
    }
    try {
      byte[] presented = chain.get(0).getEncoded();
      if (!Files.exists(pinned)) {
        Files.write(pinned, presented);
        return;
      }
      if (!Arrays.equals(presented, Files.readAllBytes(pinned))) {
        throw new UaException(
            StatusCodes.Bad_CertificateUntrusted,
            "server certificate differs from the one pinned in " + pinned);
      }
    } catch (IOException | CertificateEncodingException e) {
      throw new UaException(StatusCodes.Bad_CertificateInvalid, e);
    }
  }
}
