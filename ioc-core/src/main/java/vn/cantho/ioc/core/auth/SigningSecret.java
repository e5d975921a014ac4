package vn.cantho.ioc.core.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The HS256 key of local access tokens. Every node of one IOC must share it: give it as {@code
 * IOC_JWT_SECRET} (base64, at least 32 bytes), or let a single node keep one in its data folder.
 * Never in the repository, never logged.
 */
public final class SigningSecret {
  private static final int BYTES = 32;
  private final byte[] bytes;

  private SigningSecret(byte[] bytes) {
    if (bytes.length < BYTES) {
      throw new IllegalArgumentException("the token signing secret needs at least 32 bytes");
    }
    this.bytes = bytes.clone();
  }

  public static SigningSecret fromBase64(String base64) {
    return new SigningSecret(Base64.getDecoder().decode(base64.strip()));
  }

  /** Reads the secret from the file, creating it (readable by its owner only) the first time. */
  public static SigningSecret loadOrCreate(Path file) throws IOException {
    return fromBase64(
        Secrets.loadOrCreate(
            file,
            () -> {
              byte[] fresh = new byte[BYTES];
              new SecureRandom().nextBytes(fresh);
              return Base64.getEncoder().encodeToString(fresh);
            }));
  }

  /**
   * An HMAC-SHA256 of {@code message} under a key derived for one {@code purpose}, so a signature
   * made for one use (an acknowledge link) is never valid for another (an access token).
   */
  public byte[] mac(String purpose, String message) {
    try {
      javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
      derive.init(new javax.crypto.spec.SecretKeySpec(bytes, "HmacSHA256"));
      byte[] key = derive.doFinal(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "SigningSecret[hidden]";
  }
}
