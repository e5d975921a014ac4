package vn.cantho.ioc.core.auth;

/**
 * Turns a bearer token into the caller it proves. May block (a provider's key set is fetched over
 * HTTP when its cache is cold): call it from a worker thread.
 */
public interface TokenVerifier {
  Caller verify(String token) throws InvalidToken;
}
