package vn.cantho.ioc.core.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Access tokens from an OpenID Connect provider such as Keycloak, checked against its key set
 * (JWKS): signature (RS256 or ES256), issuer, audience and expiry. The role is the one IOC role
 * code found in {@code roleClaim} (a token with none or several is refused) (a dotted path such as
 * Keycloak's {@code realm_access.roles}, or a plain claim), the zones come from {@code zonesClaim},
 * the user name from {@code preferred_username} or else {@code sub}, prefixed {@code oidc:<issuer
 * host>/}: a provider's {@code farmer} is not the local {@code farmer}, and owns none of his ponds,
 * subscriptions or acknowledge links.
 */
public final class OidcTokens implements TokenVerifier {
  /** Where to find the provider and how to read its tokens. */
  public record Settings(
      String issuer, String jwks, String audience, String roleClaim, String zonesClaim) {
    public static Settings of(String issuer, String jwks, String audience) {
      return new Settings(issuer, jwks, audience, "realm_access.roles", "ioc_zones");
    }
  }

  /** A provider's name longer than this is refused rather than stored in the audit log. */
  static final int MAX_NAME_LENGTH = 128;

  private final Settings settings;
  private final String namespace;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  public OidcTokens(Settings settings) throws IOException {
    this.settings = settings;
    this.namespace = namespace(settings.issuer());
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys(settings.jwks())));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            settings.audience(),
            new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
            Set.of("sub", "exp"));
    claims.setMaxClockSkew(5);
    processor.setJWTClaimsSetVerifier(claims);
  }

  /** {@code oidc:<issuer host>/}: no local user name has a colon, so none can look the same. */
  static String namespace(String issuer) {
    String host;
    try {
      host = URI.create(issuer).getAuthority();
    } catch (IllegalArgumentException e) {
      host = null;
    }
    return "oidc:" + (host == null ? issuer : host) + "/";
  }

  public String issuer() {
    return settings.issuer();
  }

  /** A local JWKS file (tests, air-gapped sites) or the provider's https URL, cached. */
  private static JWKSource<SecurityContext> keys(String jwks) throws IOException {
    if (jwks.startsWith("https://") || jwks.startsWith("http://")) {
      try {
        return JWKSourceBuilder.create(URI.create(jwks).toURL()).build();
      } catch (MalformedURLException e) {
        throw new IOException("OIDC JWKS URL is not valid: " + jwks, e);
      }
    }
    try {
      return new ImmutableJWKSet<>(JWKSet.load(Path.of(jwks).toFile()));
    } catch (ParseException e) {
      throw new IOException("OIDC JWKS file is not a JSON Web Key Set: " + jwks, e);
    }
  }

  /** May fetch the provider's key set over HTTP when its cache is cold: call off the event loop. */
  @Override
  public Caller verify(String token) throws InvalidToken {
    JWTClaimsSet claims = Jwts.verified(processor, token);
    // Exactly one IOC role: with two, which one wins would depend on the provider's ordering.
    List<Role> roles =
        strings(path(claims.getClaims(), settings.roleClaim())).stream()
            .map(OidcTokens::role)
            .filter(r -> r != null)
            .distinct()
            .toList();
    if (roles.size() != 1) {
      throw new InvalidToken("token must carry exactly one IOC role, has " + roles.size());
    }
    Role role = roles.get(0);
    Object claimed = claims.getClaim("preferred_username");
    String name = claimed instanceof String s && !s.isBlank() ? s : claims.getSubject();
    if (name.length() > MAX_NAME_LENGTH) {
      throw new InvalidToken("user name in token is longer than " + MAX_NAME_LENGTH);
    }
    return new Caller(
        namespace + name,
        role,
        strings(path(claims.getClaims(), settings.zonesClaim())),
        claims.getExpirationTime().toInstant(),
        false);
  }

  private static Role role(String code) {
    try {
      return Role.fromCode(code);
    } catch (IllegalArgumentException e) {
      return null; // a provider's other roles (offline_access, …) are not ours
    }
  }

  private static Object path(Map<String, Object> claims, String dotted) {
    Object at = claims;
    for (String part : dotted.split("\\.")) {
      if (!(at instanceof Map<?, ?> map)) {
        return null;
      }
      at = map.get(part);
    }
    return at;
  }

  private static List<String> strings(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof String s) {
      out.add(s);
    } else if (value instanceof Collection<?> values) {
      values.forEach(v -> out.add(String.valueOf(v)));
    }
    return out;
  }
}
