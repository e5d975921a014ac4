package vn.cantho.ioc.core.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Random bearer secrets (refresh tokens, device credentials) and the digest they are stored as.
 * They carry 256 random bits, so a plain SHA-256 is safe to store: unlike a password there is
 * nothing to guess, and a lookup by digest stays one index probe.
 */
public final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Letters and digits that cannot be mistaken for each other when read aloud or copied. */
  private static final char[] PASSWORD_ALPHABET =
      "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

  private Secrets() {}

  /** 32 random bytes, base64url without padding (43 characters). */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A new user password: 20 characters, about 116 bits. */
  public static char[] newPassword() {
    char[] password = new char[20];
    for (int i = 0; i < password.length; i++) {
      password[i] = PASSWORD_ALPHABET[RANDOM.nextInt(PASSWORD_ALPHABET.length)];
    }
    return password;
  }

  /**
   * The secret kept in {@code file}, made by {@code create} and written readable by its owner only
   * the first time.
   */
  public static String loadOrCreate(Path file, Supplier<String> create) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file).strip();
    }
    String fresh = create.get();
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, fresh);
    return fresh;
  }

  public static String sha256(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Compares digests in time independent of where they differ. */
  public static boolean sameDigest(String a, String b) {
    return a != null
        && b != null
        && MessageDigest.isEqual(
            a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
