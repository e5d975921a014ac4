package vn.cantho.ioc.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.JWTProcessor;
import java.text.ParseException;

/** The one place a JWT's signature and claims are checked, for local and provider tokens. */
final class Jwts {
  private Jwts() {}

  static JWTClaimsSet verified(JWTProcessor<SecurityContext> processor, String token)
      throws InvalidToken {
    try {
      return processor.process(token, null);
    } catch (ParseException | BadJOSEException | JOSEException e) {
      throw new InvalidToken("access token is not valid: " + e.getMessage(), e);
    }
  }
}
