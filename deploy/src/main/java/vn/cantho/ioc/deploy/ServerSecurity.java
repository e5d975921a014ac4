package vn.cantho.ioc.deploy;

import java.util.List;
import vn.cantho.ioc.core.api.TlsConfig;
import vn.cantho.ioc.core.auth.OidcTokens;
import vn.cantho.ioc.core.auth.SigningSecret;

/**
 * A node's security settings.
 *
 * @param jwtSecret signs local access tokens; the same on every node of one IOC
 * @param tls HTTPS key store, or null for plain HTTP (the demo on loopback)
 * @param allowedOrigins browser origins allowed to call the API cross-origin; empty = none
 * @param oidc an OpenID Connect provider whose tokens are accepted too, or null
 * @param mqttTrust trust store for an {@code ssl://} broker, or null for the JVM's default
 */
record ServerSecurity(
    SigningSecret jwtSecret,
    TlsConfig tls,
    List<String> allowedOrigins,
    OidcTokens.Settings oidc,
    TlsConfig mqttTrust) {
  ServerSecurity {
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  /** Local users only, plain HTTP, same-origin only. */
  static ServerSecurity local(SigningSecret jwtSecret) {
    return new ServerSecurity(jwtSecret, null, List.of(), null, null);
  }
}
