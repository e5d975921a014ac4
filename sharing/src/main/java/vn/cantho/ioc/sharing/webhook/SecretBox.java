package vn.cantho.ioc.sharing.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook secrets at rest: AES-256-GCM under the node's {@code IOC_SHARING_SECRET_KEY}, a fresh
 * 96-bit nonce each, stored as base64(nonce ‖ ciphertext ‖ tag). Unlike device credentials they
 * cannot be kept as a digest: the node needs them to sign. A database dump without the key gives
 * none away; the key never enters the database.
 */
public final class SecretBox {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] PURPOSE =
      "ioc.sharing.webhook-secret".getBytes(StandardCharsets.UTF_8);

  private final SecretKeySpec key;

  public SecretBox(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("an AES-256 key is 32 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  public String seal(String secret) {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, secret.getBytes(StandardCharsets.UTF_8));
    byte[] out = Arrays.copyOf(nonce, nonce.length + sealed.length);
    System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
    return Base64.getEncoder().encodeToString(out);
  }

  public String open(String box) {
    byte[] all = Base64.getDecoder().decode(box);
    byte[] plain =
        cipher(
            Cipher.DECRYPT_MODE, Arrays.copyOf(all, 12), Arrays.copyOfRange(all, 12, all.length));
    return new String(plain, StandardCharsets.UTF_8);
  }

  private byte[] cipher(int mode, byte[] nonce, byte[] input) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, key, new GCMParameterSpec(128, nonce));
      c.updateAAD(PURPOSE);
      return c.doFinal(input);
    } catch (GeneralSecurityException e) {
      // A wrong key (IOC_SHARING_SECRET_KEY changed) or a tampered row: never a reason to send.
      throw new IllegalStateException("webhook secret cannot be opened: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "SecretBox[key hidden]";
  }
}
