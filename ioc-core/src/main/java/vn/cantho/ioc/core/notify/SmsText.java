package vn.cantho.ioc.core.notify;

/**
 * The single-segment rule of SMS (3GPP TS 23.038 / 23.040): a text made only of the GSM 7-bit
 * default alphabet fits 160 characters in one segment (its extension characters count two); any
 * other character, and every Vietnamese letter with a diacritic is one, makes the whole text UCS-2,
 * which fits 70 UTF-16 code units. Messages here are Vietnamese with diacritics, so they are held
 * to 70.
 */
public final class SmsText {
  public static final int GSM7_SEGMENT = 160;
  public static final int UCS2_SEGMENT = 70;

  private static final String GSM7_BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String GSM7_EXTENSION = "^{}\\[~]|€\f";

  private SmsText() {}

  /** Whether the text can go in the GSM 7-bit alphabet. */
  public static boolean isGsm7(String text) {
    return text.chars()
        .allMatch(ch -> GSM7_BASIC.indexOf(ch) >= 0 || GSM7_EXTENSION.indexOf(ch) >= 0);
  }

  /** Its length as the network counts it: septets for GSM 7-bit, code units for UCS-2. */
  public static int length(String text) {
    if (!isGsm7(text)) {
      return text.length();
    }
    int septets = 0;
    for (int i = 0; i < text.length(); i++) {
      septets += GSM7_EXTENSION.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
    }
    return septets;
  }

  public static boolean fitsOneSegment(String text) {
    return length(text) <= (isGsm7(text) ? GSM7_SEGMENT : UCS2_SEGMENT);
  }
}
