package vn.cantho.ioc.water.notify;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.notify.Channel;
import vn.cantho.ioc.core.notify.Language;
import vn.cantho.ioc.core.notify.Message;
import vn.cantho.ioc.core.notify.SmsText;
import vn.cantho.ioc.geo.CanThoTime;
import vn.cantho.ioc.water.WaterFeature;
import vn.cantho.ioc.water.rules.ThresholdRule.Direction;

/**
 * Writes what a farmer reads: Vietnamese with diacritics unless he chose English, times in Can Tho
 * time, the pond, the value against its threshold and one line of advice. SMS gets a compact form
 * held to one segment ({@link SmsText}): the pond name is shortened to make room, never the value
 * or the advice, and the acknowledge link is left to the other channels (a URL alone would fill a
 * UCS-2 segment).
 */
public final class MessageComposer {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

  /** Short names and display units, where the catalog's label or UCUM unit is too long for SMS. */
  private record Words(String shortVi, String shortEn, String unitVi, String unitEn) {}

  private static final Map<String, Words> WORDS =
      Map.ofEntries(
          Map.entry("do", new Words("Oxy", "DO", "mg/L", "mg/L")),
          Map.entry("ph", new Words("pH", "pH", "", "")),
          Map.entry("nh3", new Words("NH3", "NH3", "mg/L", "mg/L")),
          Map.entry("tan", new Words("TAN", "TAN", "mg/L", "mg/L")),
          Map.entry("no2", new Words("NO2", "NO2", "mg/L", "mg/L")),
          Map.entry("salinity", new Words("Mặn", "Salinity", "‰", "‰")),
          Map.entry("temp", new Words("Nhiệt độ", "Temp", "°C", "°C")),
          Map.entry("ph_swing", new Words("pH dao động", "pH swing", "", "")),
          Map.entry("do_projected", new Words("Oxy 7h dự báo", "DO at 7:00", "mg/L", "mg/L")),
          Map.entry("do_rate", new Words("Oxy đổi", "DO change", "mg/L/h", "mg/L/h")),
          Map.entry("salinity_rate", new Words("Mặn đổi", "Salinity change", "‰/h", "‰/h")),
          Map.entry("probe_offline", new Words("Mất tín hiệu", "No data", " phút", " min")),
          Map.entry("probe_fault", new Words("Đầu đo lỗi", "Probe fault", "", "")));

  private final MetricCatalog catalog;

  public MessageComposer(MetricCatalog catalog) {
    this.catalog = catalog;
  }

  public Message compose(Notice n, Channel channel, Language language) {
    return channel == Channel.SMS ? sms(n, language) : full(n, language);
  }

  private Message sms(Notice n, Language language) {
    boolean vi = language == Language.VI;
    Words w = words(n.metric());
    Advice advice = Advice.of(n.metric(), n.direction());
    String level = (vi ? "Cấp " : "Level ") + (n.severity().ordinal() + 1) + " ";
    String rest =
        ": "
            + (vi ? w.shortVi() : w.shortEn())
            + smsValue(n, w, vi)
            + (vi ? " " : " at ")
            + local(n).format(TIME)
            + ". "
            + (vi ? advice.shortVi() : advice.shortEn());
    String pond = n.pondName();
    String text = level + pond + rest;
    while (!SmsText.fitsOneSegment(text) && pond.length() > 1) {
      pond = pond.substring(0, pond.length() - 2) + "…";
      text = level + pond + rest;
    }
    return new Message(level.strip() + " " + n.pondName(), text);
  }

  /** " 0,8mg/L<1"; a silent probe's minutes; nothing for a faulty probe's sample count. */
  private static String smsValue(Notice n, Words w, boolean vi) {
    return switch (n.metric()) {
      case "probe_fault" -> "";
      case "probe_offline" -> " " + Math.round(n.value()) + (vi ? w.unitVi() : w.unitEn());
      default ->
          " "
              + number(n.value(), vi)
              + (vi ? w.unitVi() : w.unitEn())
              + (n.direction() == Direction.BELOW ? "<" : ">")
              + number(n.threshold(), vi);
    };
  }

  private Message full(Notice n, Language language) {
    if (n.metric().startsWith("probe_")) {
      return probe(n, language == Language.VI);
    }
    boolean vi = language == Language.VI;
    Words w = words(n.metric());
    String label = label(n.metric(), vi);
    String unit = vi ? w.unitVi() : w.unitEn();
    String unitSpaced = unit.isEmpty() || unit.startsWith(" ") ? unit : " " + unit;
    Advice advice = Advice.of(n.metric(), n.direction());
    ZonedDateTime at = local(n);
    boolean low = n.direction() == Direction.BELOW;
    String title =
        vi
            ? "["
                + n.severity().labelVi()
                + (n.escalated() ? ", tăng cấp" : "")
                + "] "
                + label
                + (low ? " thấp" : " cao")
                + " ở "
                + n.pondName()
            : "["
                + n.severity().labelEn()
                + (n.escalated() ? ", escalated" : "")
                + "] "
                + (low ? "Low " : "High ")
                + lowerFirst(label)
                + " at "
                + n.pondName();
    String body =
        vi
            ? n.pondName()
                + ": "
                + label
                + " "
                + number(n.value(), true)
                + unitSpaced
                + (low ? ", dưới" : ", vượt")
                + " ngưỡng "
                + number(n.threshold(), true)
                + unitSpaced
                + ", lúc "
                + at.format(TIME)
                + " ngày "
                + at.format(DATE)
                + ".\nViệc cần làm: "
                + advice.fullVi()
                + (n.ackUrl() == null ? "" : "\nBấm để xác nhận đã nhận: " + n.ackUrl())
            : n.pondName()
                + ": "
                + lowerFirst(label)
                + " "
                + number(n.value(), false)
                + unitSpaced
                + (low ? ", below" : ", above")
                + " the "
                + number(n.threshold(), false)
                + unitSpaced
                + " threshold, at "
                + at.format(TIME)
                + " on "
                + at.format(DATE)
                + " (Can Tho time).\nWhat to do: "
                + advice.fullEn()
                + (n.ackUrl() == null ? "" : "\nAcknowledge: " + n.ackUrl());
    return new Message(title, body);
  }

  /** A probe that stopped or went wrong: no value against a threshold, just what and since when. */
  private static Message probe(Notice n, boolean vi) {
    boolean silent = n.metric().equals("probe_offline");
    Advice advice = Advice.of(n.metric(), n.direction());
    ZonedDateTime at = local(n);
    String what =
        silent
            ? (vi ? "đầu đo không gửi số liệu " : "the probe has sent nothing for ")
                + Math.round(n.value())
                + (vi ? " phút" : " min")
            : (vi
                ? "đầu đo báo số liệu bất thường (hỏng hoặc bẩn)"
                : "the probe reports impossible" + " or frozen values");
    String title =
        "["
            + (vi ? n.severity().labelVi() : n.severity().labelEn())
            + "] "
            + (vi
                ? (silent ? "Mất tín hiệu đầu đo ở " : "Đầu đo lỗi ở ")
                : (silent ? "No data from " : "Probe fault at "))
            + n.pondName();
    String body =
        n.pondName()
            + ": "
            + what
            + (vi ? ", lúc " : ", at ")
            + at.format(TIME)
            + (vi ? " ngày " : " on ")
            + at.format(DATE)
            + (vi
                ? ".\nViệc cần làm: " + advice.fullVi()
                : " (Can Tho time).\nWhat to do: " + advice.fullEn())
            + (n.ackUrl() == null
                ? ""
                : (vi ? "\nBấm để xác nhận đã nhận: " : "\nAcknowledge: ") + n.ackUrl());
    return new Message(title, body);
  }

  private String label(String metric, boolean vi) {
    return catalog
        .find(WaterFeature.DOMAIN, metric)
        .map(m -> vi ? m.labelVi() : m.labelEn())
        .orElseGet(
            () -> {
              Words w = words(metric);
              return vi ? w.shortVi() : w.shortEn();
            });
  }

  private static Words words(String metric) {
    return WORDS.getOrDefault(metric, new Words(metric, metric, "", ""));
  }

  private static ZonedDateTime local(Notice n) {
    return n.at().atZone(CanThoTime.ZONE);
  }

  /** Two decimals below 1 (NH3 0.12), one above; a decimal comma in Vietnamese. */
  static String number(double value, boolean vi) {
    int scale = Math.abs(value) < 1 ? 2 : 1;
    String s =
        BigDecimal.valueOf(value)
            .setScale(scale, RoundingMode.HALF_UP)
            .stripTrailingZeros()
            .toPlainString();
    return vi ? s.replace('.', ',') : s;
  }

  private static String lowerFirst(String s) {
    return s.length() > 1
            && Character.isUpperCase(s.charAt(0))
            && !Character.isUpperCase(s.charAt(1))
        ? Character.toLowerCase(s.charAt(0)) + s.substring(1)
        : s;
  }
}
