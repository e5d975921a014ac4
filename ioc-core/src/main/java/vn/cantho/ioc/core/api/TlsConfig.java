package vn.cantho.ioc.core.api;

import java.nio.file.Path;

/**
 * A PKCS#12 or JKS key store holding the server's key and certificate chain, for HTTPS and MQTTS.
 * The password comes from the environment, never from a file in the repository.
 */
public record TlsConfig(Path keyStore, String password) {
  @Override
  public String toString() {
    return "TlsConfig[" + keyStore + ", password hidden]";
  }
}
