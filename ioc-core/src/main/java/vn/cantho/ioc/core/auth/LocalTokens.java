package vn.cantho.ioc.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Access tokens this IOC issues to its local users: JWTs signed with HS256 and a secret only the
 * nodes know ({@link SigningSecret}), valid for {@link #ttl()}. Claims: {@code sub}, {@code role},
 * {@code zones}, {@code iat}, {@code exp}, {@code jti}, {@code iss} = {@link #ISSUER}, and {@code
 * uid} and {@code gen}, the user row and credential generation the token speaks for ({@link
 * Caller.Binding}): a name alone would let a token outlive its user's deletion or new password.
 */
public final class LocalTokens implements TokenVerifier {
  public static final String ISSUER = "cantho-ioc";
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);

  private final MACSigner signer;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final Duration ttl;
  private final Clock clock;

  public LocalTokens(SigningSecret secret, Duration ttl, Clock clock) {
    try {
      this.signer = new MACSigner(secret.bytes());
    } catch (JOSEException e) {
      throw new IllegalArgumentException("signing secret too short for HS256", e);
    }
    this.ttl = ttl;
    this.clock = clock;
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            JWSAlgorithm.HS256, new ImmutableSecret<>(secret.bytes())));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            new JWTClaimsSet.Builder().issuer(ISSUER).build(),
            Set.of("sub", "role", "iat", "exp", "jti", "uid", "gen"));
    claims.setMaxClockSkew(5);
    processor.setJWTClaimsSetVerifier(claims);
  }

  public Duration ttl() {
    return ttl;
  }

  /** A signed access token for the user, valid from now for {@link #ttl()}. */
  public String issue(User user) {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(user.username())
            .claim("role", user.role().code())
            .claim("zones", user.zones())
            .claim("uid", user.uid())
            .claim("gen", user.tokenGeneration())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("HS256 signing failed", e);
    }
    return jwt.serialize();
  }

  @Override
  public Caller verify(String token) throws InvalidToken {
    JWTClaimsSet claims = Jwts.verified(processor, token);
    try {
      Role role = Role.fromCode(claims.getStringClaim("role"));
      List<String> zones = claims.getStringListClaim("zones");
      String uid = claims.getStringClaim("uid");
      Long generation = claims.getLongClaim("gen");
      if (uid == null || generation == null) {
        throw new InvalidToken("access token does not name its user's row and generation");
      }
      return new Caller(
          claims.getSubject(),
          role,
          zones == null ? List.of() : zones,
          claims.getExpirationTime().toInstant(),
          true,
          new Caller.Binding(uid, generation));
    } catch (ParseException | IllegalArgumentException e) {
      throw new InvalidToken("access token claims are not valid", e);
    }
  }
}
