package vn.cantho.ioc.core.api;

import java.util.List;
import vn.cantho.ioc.core.audit.AuditLog;
import vn.cantho.ioc.core.auth.DeviceCredentials;
import vn.cantho.ioc.core.auth.LocalTokens;
import vn.cantho.ioc.core.auth.LoginGuard;
import vn.cantho.ioc.core.auth.RefreshTokens;
import vn.cantho.ioc.core.auth.TokenVerifier;
import vn.cantho.ioc.core.auth.UserStore;

/**
 * Who may use the API and how hard they may push it.
 *
 * @param tokens verifies every access token (local, and the OIDC provider's when configured)
 * @param allowedOrigins browser origins allowed cross-origin (CORS); empty = same origin only
 * @param authPerSecond sign-in attempts per second per client address, sustained
 */
public record ApiSecurity(
    TokenVerifier tokens,
    LocalTokens localTokens,
    RefreshTokens refreshTokens,
    UserStore users,
    DeviceCredentials deviceCredentials,
    AuditLog audit,
    LoginGuard loginGuard,
    List<String> allowedOrigins,
    double authPerSecond,
    int authBurst) {
  public ApiSecurity {
    allowedOrigins = List.copyOf(allowedOrigins);
  }
}
