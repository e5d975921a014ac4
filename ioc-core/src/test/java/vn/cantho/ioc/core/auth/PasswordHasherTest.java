package vn.cantho.ioc.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher();

  @Test
  void theRightPasswordMatchesAndAWrongOneDoesNot() {
    String phc = hasher.hash("Mật khẩu-2026!".toCharArray());
    assertThat(hasher.verify("Mật khẩu-2026!".toCharArray(), phc)).isTrue();
    assertThat(hasher.verify("Mat khau-2026!".toCharArray(), phc)).isFalse();
    assertThat(hasher.verify("".toCharArray(), phc)).isFalse();
  }

  @Test
  void hashesAreArgon2idPhcStringsWithTheirOwnSalt() {
    String first = hasher.hash("same".toCharArray());
    String second = hasher.hash("same".toCharArray());
    assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(first).isNotEqualTo(second);
    assertThat(hasher.verify("same".toCharArray(), second)).isTrue();
  }

  @Test
  void parametersTravelWithTheHash() {
    String cheaper = new PasswordHasher(64, 1).hash("pw".toCharArray());
    assertThat(cheaper).contains("$m=64,t=1,p=1$");
    assertThat(hasher.verify("pw".toCharArray(), cheaper)).isTrue();
  }

  @Test
  void unreadableOrHostileHashesNeverMatch() {
    String good = hasher.hash("pw".toCharArray());
    assertThat(hasher.verify("pw".toCharArray(), null)).isFalse();
    assertThat(hasher.verify("pw".toCharArray(), "")).isFalse();
    assertThat(hasher.verify("pw".toCharArray(), "pw")).isFalse();
    assertThat(hasher.verify("pw".toCharArray(), good.replace("argon2id", "argon2i"))).isFalse();
    assertThat(hasher.verify("pw".toCharArray(), good.replace("m=19456", "m=99999999"))).isFalse();
    assertThat(hasher.verify("pw".toCharArray(), good.replace("t=2", "t=x"))).isFalse();
    assertThat(hasher.verify("pw".toCharArray(), good.substring(0, good.length() - 5) + "!!!!!"))
        .isFalse();
  }
}
