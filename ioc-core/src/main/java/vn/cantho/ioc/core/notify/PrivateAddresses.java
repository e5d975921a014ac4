package vn.cantho.ioc.core.notify;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Which addresses a webhook may not lead to: anything that is not a public unicast address. IPv6
 * forms that carry an IPv4 address inside (IPv4-mapped and -compatible {@code ::a.b.c.d}, NAT64
 * {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by that IPv4 address, since a gateway on
 * the way turns them into it.
 */
public final class PrivateAddresses {
  private PrivateAddresses() {}

  public static boolean isPrivate(InetAddress address) {
    if (address instanceof Inet4Address v4) {
      return isPrivateV4(v4.getAddress());
    }
    byte[] b = address.getAddress();
    byte[] embedded = embeddedV4(b);
    if (embedded != null) {
      return isPrivateV4(embedded);
    }
    return address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress() // fe80::/10
        || address.isSiteLocalAddress() // fec0::/10, deprecated
        || address.isMulticastAddress() // ff00::/8
        || (b[0] & 0xfe) == 0xfc // fc00::/7, unique local
        || (b[0] == 0x01 && b[1] == 0x00 && allZero(b, 2, 8)) // 100::/64, discard
        || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8); // 2001:db8::/32
  }

  /** The IPv4 address an IPv6 address stands for, or null when it is a plain IPv6 one. */
  private static byte[] embeddedV4(byte[] b) {
    if (b.length != 16) {
      return null;
    }
    boolean mapped = allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = allZero(b, 0, 12) && !allZero(b, 12, 15); // not :: nor ::1
    boolean nat64 =
        b[0] == 0x00
            && b[1] == 0x64
            && (b[2] & 0xff) == 0xff
            && (b[3] & 0xff) == 0x9b
            && allZero(b, 4, 12);
    if (mapped || compatible || nat64) {
      return new byte[] {b[12], b[13], b[14], b[15]};
    }
    if (b[0] == 0x20 && b[1] == 0x02) { // 6to4: 2002:a.b.c.d::/48
      return new byte[] {b[2], b[3], b[4], b[5]};
    }
    return null;
  }

  private static boolean isPrivateV4(byte[] a) {
    int first = a[0] & 0xff;
    int second = a[1] & 0xff;
    return first == 0 // 0.0.0.0/8, "this network"
        || first == 10
        || first == 127
        || (first == 100 && second >= 64 && second < 128) // 100.64.0.0/10, carrier-grade NAT
        || (first == 169 && second == 254)
        || (first == 172 && second >= 16 && second < 32)
        || (first == 192 && second == 168)
        || (first == 192 && second == 0 && (a[2] & 0xff) == 0) // 192.0.0.0/24, protocol assignments
        || (first == 198 && (second == 18 || second == 19)) // 198.18.0.0/15, benchmarking
        || first >= 224; // multicast, reserved, broadcast
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
