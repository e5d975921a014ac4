package vn.cantho.ioc.core.auth;

/** Turns a bearer token into the caller it proves. Pure computation: safe on the event loop. */
public interface TokenVerifier {
  Caller verify(String token) throws InvalidToken;
}
