package vn.cantho.ioc.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Brute-force lockout. Wrong passwords are counted per account and address ({@code name@ip}) and
 * per address alone (password spraying); {@link #FAILURES} of them within {@link #WINDOW} lock that
 * key for {@link #LOCK}. While locked even the right password is refused. Accounts are not locked
 * from every address, which would let anyone lock the admin out.
 *
 * <p>One attempt per account and address is checked at a time ({@link #begin}): parallel guesses
 * would otherwise all pass the lock check before the first failure is counted. IPv6 addresses count
 * by their /64, which one host usually owns whole.
 *
 * <p>In memory and per node: a restart forgets, and a cluster multiplies the allowance by its
 * nodes. Bounded: past {@link #MAX_KEYS} keys the oldest are forgotten, and a name that cannot be a
 * user's (too long, or not of the user name alphabet) counts under one shared key per address, so
 * made-up names can neither grow the keys beyond 64 characters nor each get a fresh allowance.
 */
public final class LoginGuard {
  public static final int FAILURES = 20;
  public static final int SPRAY_FAILURES = 3 * FAILURES;
  public static final Duration WINDOW = Duration.ofMinutes(1);
  public static final Duration LOCK = Duration.ofMinutes(15);
  static final int MAX_KEYS = 100_000;

  /** A lock that began with this failure, for the audit log. */
  public record NewLock(String key, Duration duration) {}

  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = bounded();
  private final Map<String, Instant> lockedUntil = bounded();
  private final java.util.Set<String> checking = new java.util.HashSet<>();

  public LoginGuard(Clock clock) {
    this.clock = clock;
  }

  /** How long attempts for this account from this address stay refused; empty when allowed. */
  public synchronized Optional<Duration> lockedFor(String username, String ip) {
    Instant now = clock.instant();
    Instant until = later(lockedUntil.get(accountKey(username, ip)), lockedUntil.get(ipKey(ip)));
    return until != null && until.isAfter(now)
        ? Optional.of(Duration.between(now, until))
        : Optional.empty();
  }

  /**
   * Claims the right to check one password for this account from this address; false while another
   * check of the same pair is under way. Every true must be followed by {@link #end}.
   */
  public synchronized boolean begin(String username, String ip) {
    return checking.add(accountKey(username, ip));
  }

  public synchronized void end(String username, String ip) {
    checking.remove(accountKey(username, ip));
  }

  /** Counts a wrong password; returns the lock it started, if it started one. */
  public synchronized Optional<NewLock> failed(String username, String ip) {
    Optional<NewLock> account = count(accountKey(username, ip), FAILURES);
    Optional<NewLock> address = count(ipKey(ip), SPRAY_FAILURES);
    return account.isPresent() ? account : address;
  }

  /** A right password clears the account's count from that address (not the address's). */
  public synchronized void succeeded(String username, String ip) {
    failures.remove(accountKey(username, ip));
  }

  private Optional<NewLock> count(String key, int limit) {
    Instant now = clock.instant();
    Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    times.addLast(now);
    while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
      times.removeFirst();
    }
    while (times.size() > limit) {
      times.removeFirst();
    }
    if (times.size() >= limit) {
      times.clear();
      lockedUntil.put(key, now.plus(LOCK));
      return Optional.of(new NewLock(key, LOCK));
    }
    return Optional.empty();
  }

  /** Where every name that is no valid user name is counted. */
  static final String NOT_A_USER = "?";

  private static String accountKey(String username, String ip) {
    return (UserStore.isValidName(username) ? username : NOT_A_USER) + "@" + network(ip);
  }

  private static String ipKey(String ip) {
    return "*@" + network(ip);
  }

  /** An IPv4 address as it is; an IPv6 address as its /64 (a literal: no name lookup). */
  static String network(String ip) {
    if (ip == null || ip.indexOf(':') < 0) {
      return ip;
    }
    try {
      byte[] bytes = java.net.InetAddress.getByName(ip).getAddress();
      if (bytes.length != 16) {
        return ip; // an IPv4-mapped address comes back as IPv4
      }
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        prefix.append(String.format(java.util.Locale.ROOT, "%02x%02x:", bytes[i], bytes[i + 1]));
      }
      return prefix.append(":/64").toString();
    } catch (java.net.UnknownHostException e) {
      return ip;
    }
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static <V> Map<String, V> bounded() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > MAX_KEYS;
      }
    };
  }
}
