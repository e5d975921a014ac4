package vn.cantho.ioc.core.auth;

import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;

/**
 * Local tokens and, when configured, an OpenID Connect provider's, told apart by their (unverified)
 * issuer and then verified by the one verifier that issuer names.
 */
public final class IssuerRouting implements TokenVerifier {
  private final LocalTokens local;
  private final OidcTokens oidc;

  /**
   * @param oidc null when no provider is configured
   */
  public IssuerRouting(LocalTokens local, OidcTokens oidc) {
    this.local = local;
    this.oidc = oidc;
  }

  @Override
  public Caller verify(String token) throws InvalidToken {
    String issuer;
    try {
      issuer = SignedJWT.parse(token).getJWTClaimsSet().getIssuer();
    } catch (ParseException e) {
      throw new InvalidToken("access token is not a signed JWT", e);
    }
    if (LocalTokens.ISSUER.equals(issuer)) {
      return local.verify(token);
    }
    if (oidc != null && oidc.issuer().equals(issuer)) {
      return oidc.verify(token);
    }
    throw new InvalidToken("access token is from an issuer this IOC does not trust");
  }
}
