package vn.cantho.ioc.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local HS256 tokens and an OpenID Connect provider's RS256 tokens, with a locally made JWKS. */
class TokensTest {
  private static final String ISSUER = "https://sso.cantho.example/realms/ioc";
  private static RSAKey providerKey;
  private static RSAKey strangerKey;

  @TempDir static Path dir;

  @BeforeAll
  static void keys() throws Exception {
    providerKey = new RSAKeyGenerator(2048).keyID("k1").generate();
    strangerKey = new RSAKeyGenerator(2048).keyID("k1").generate();
    Files.writeString(dir.resolve("jwks.json"), new JWKSet(providerKey.toPublicJWK()).toString());
  }

  private final User operator =
      new User(
          "ninhkieu.operator",
          Role.COMMUNE_OPERATOR,
          List.of("31135"),
          Instant.now(),
          false,
          "8f0e8a0c-4c1e-4d64-9a41-5b7e0c1d2e3f",
          0);

  @Test
  void localTokensRoundTripAndExpire() throws Exception {
    SigningSecret secret = SigningSecret.loadOrCreate(dir.resolve("secret"));
    LocalTokens tokens = new LocalTokens(secret, Duration.ofMinutes(15), Clock.systemUTC());
    Caller caller = tokens.verify(tokens.issue(operator));
    assertThat(caller.username()).isEqualTo("ninhkieu.operator");
    assertThat(caller.role()).isEqualTo(Role.COMMUNE_OPERATOR);
    assertThat(caller.zones()).containsExactly("31135");
    assertThat(caller.local()).isTrue();

    LocalTokens past =
        new LocalTokens(
            secret, Duration.ofMinutes(15), Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
    assertThatThrownBy(() -> tokens.verify(past.issue(operator))).isInstanceOf(InvalidToken.class);

    LocalTokens other =
        new LocalTokens(
            SigningSecret.loadOrCreate(dir.resolve("other")),
            Duration.ofMinutes(15),
            Clock.systemUTC());
    assertThatThrownBy(() -> tokens.verify(other.issue(operator))).isInstanceOf(InvalidToken.class);
  }

  @Test
  void anUnsignedTokenIsRefused() throws Exception {
    LocalTokens tokens =
        new LocalTokens(
            SigningSecret.loadOrCreate(dir.resolve("secret")),
            Duration.ofMinutes(15),
            Clock.systemUTC());
    String[] parts = tokens.issue(operator).split("\\.");
    String none =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\"}".getBytes());
    assertThatThrownBy(() -> tokens.verify(none + "." + parts[1] + "."))
        .isInstanceOf(InvalidToken.class);
  }

  @Test
  void providerTokensGiveRoleAndZonesFromClaims() throws Exception {
    OidcTokens oidc = provider();
    Caller caller =
        oidc.verify(
            sign(
                providerKey, claims("ioc-console", List.of("offline_access", "commune_operator"))));
    assertThat(caller.username()).isEqualTo("oidc:sso.cantho.example/lan.nguyen");
    assertThat(caller.role()).isEqualTo(Role.COMMUNE_OPERATOR);
    assertThat(caller.zones()).containsExactly("31135");
    assertThat(caller.local()).isFalse();
  }

  @Test
  void aProvidersUserIsNeverTheLocalUserOfTheSameName() throws Exception {
    JWTClaimsSet farmer =
        new JWTClaimsSet.Builder(claims("ioc-console", List.of("farmer")))
            .claim("preferred_username", "farmer")
            .build();
    Caller caller = provider().verify(sign(providerKey, farmer));
    assertThat(caller.username()).isEqualTo("oidc:sso.cantho.example/farmer");
    vn.cantho.ioc.core.device.Device localFarmersProbe =
        new vn.cantho.ioc.core.device.Device(
            "fm-wq-1",
            vn.cantho.ioc.core.device.Domain.of("water"),
            "pangasius_pond",
            "Ao nhà",
            105.70,
            10.05,
            "31135",
            60,
            "farmer");
    assertThat(caller.sees(localFarmersProbe)).as("the local farmer's pond probe").isFalse();
    assertThat(UserStore.isValidName(caller.username()))
        .as("no local user can ever have that name")
        .isFalse();
  }

  @Test
  void localTokensNameTheUserRowAndGeneration() throws Exception {
    LocalTokens tokens =
        new LocalTokens(
            SigningSecret.loadOrCreate(dir.resolve("secret")),
            Duration.ofMinutes(15),
            Clock.systemUTC());
    Caller caller = tokens.verify(tokens.issue(operator));
    assertThat(caller.binding().matches(operator)).isTrue();
    User reborn =
        new User(
            operator.username(),
            operator.role(),
            operator.zones(),
            Instant.now(),
            false,
            "0b5a7c1e-0000-4000-8000-000000000001",
            0);
    assertThat(caller.binding().matches(reborn)).as("another row, the same name").isFalse();
    User rekeyed =
        new User(
            operator.username(),
            operator.role(),
            operator.zones(),
            operator.createdAt(),
            false,
            operator.uid(),
            operator.tokenGeneration() + 1);
    assertThat(caller.binding().matches(rekeyed)).as("after a new password").isFalse();
  }

  @Test
  void providerTokensWithAWrongKeyAudienceOrNoRoleAreRefused() throws Exception {
    OidcTokens oidc = provider();
    assertThatThrownBy(
            () -> oidc.verify(sign(strangerKey, claims("ioc-console", List.of("admin")))))
        .isInstanceOf(InvalidToken.class);
    assertThatThrownBy(() -> oidc.verify(sign(providerKey, claims("other-app", List.of("admin")))))
        .isInstanceOf(InvalidToken.class);
    assertThatThrownBy(
            () ->
                oidc.verify(sign(providerKey, claims("ioc-console", List.of("uma_authorization")))))
        .isInstanceOf(InvalidToken.class);
    assertThatThrownBy(
            () -> oidc.verify(sign(providerKey, claims("ioc-console", List.of("viewer", "admin")))))
        .as("two IOC roles: which one would win is up to the provider")
        .isInstanceOf(InvalidToken.class);
  }

  @Test
  void routingPicksTheVerifierByIssuer() throws Exception {
    LocalTokens local =
        new LocalTokens(
            SigningSecret.loadOrCreate(dir.resolve("secret")),
            Duration.ofMinutes(15),
            Clock.systemUTC());
    IssuerRouting routing = new IssuerRouting(local, provider());
    assertThat(routing.verify(local.issue(operator)).local()).isTrue();
    assertThat(routing.verify(sign(providerKey, claims("ioc-console", List.of("viewer")))).role())
        .isEqualTo(Role.VIEWER);
    IssuerRouting localOnly = new IssuerRouting(local, null);
    assertThatThrownBy(
            () -> localOnly.verify(sign(providerKey, claims("ioc-console", List.of("viewer")))))
        .isInstanceOf(InvalidToken.class);
  }

  private static OidcTokens provider() throws Exception {
    return new OidcTokens(
        OidcTokens.Settings.of(ISSUER, dir.resolve("jwks.json").toString(), "ioc-console"));
  }

  private static JWTClaimsSet claims(String audience, List<String> roles) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject("8c1f-uuid")
        .audience(audience)
        .claim("preferred_username", "lan.nguyen")
        .claim("realm_access", Map.of("roles", roles))
        .claim("ioc_zones", List.of("31135"))
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)))
        .build();
  }

  private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
