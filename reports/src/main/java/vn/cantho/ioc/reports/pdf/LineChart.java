package vn.cantho.ioc.reports.pdf;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import vn.cantho.ioc.core.kpi.KpiStore;

/**
 * A day's series as lines on one scale, drawn with PDF path operators (no image, so it stays sharp
 * when printed): a frame, horizontal grid lines with their values, the hours of the day along the
 * bottom and a legend under it. A gap of more than {@link #GAP} between two points (a node that was
 * down) breaks the line rather than drawing a value nobody measured.
 */
final class LineChart {
  static final Duration GAP = Duration.ofMinutes(15);

  /** One series, its name in the legend and its colour (red, green, blue in 0..1). */
  record Line(String label, float[] rgb, List<KpiStore.Point> points) {}

  /** Distinct on paper and for the common colour blindnesses (Okabe and Ito's palette). */
  static final float[][] PALETTE = {
    {0.000f, 0.447f, 0.698f},
    {0.835f, 0.369f, 0.000f},
    {0.000f, 0.620f, 0.451f},
    {0.800f, 0.475f, 0.655f},
    {0.902f, 0.624f, 0.000f},
    {0.337f, 0.706f, 0.914f},
    {0.000f, 0.000f, 0.000f}
  };

  private static final float AXIS_LABELS = 42;
  private static final float HOURS = 16;
  private static final float LEGEND_ROW = 13;

  private LineChart() {}

  /** The legend's height for that many lines, so a caller can reserve the whole box. */
  static float legendHeight(int lines) {
    return ((lines + 1) / 2) * LEGEND_ROW + 4;
  }

  /**
   * Draws the chart in the box {@code [x, x + w] x [bottom, bottom + h]}, legend included, for the
   * day {@code [from, to)}.
   */
  static void draw(
      Sheet sheet,
      float x,
      float bottom,
      float w,
      float h,
      Instant from,
      Instant to,
      List<Line> lines)
      throws IOException {
    PDPageContentStream cs = sheet.stream();
    float legend = legendHeight(lines.size());
    float plotX = x + AXIS_LABELS;
    float plotY = bottom + legend + HOURS;
    float plotW = w - AXIS_LABELS - 4;
    float plotH = h - legend - HOURS - 4;

    double lo = 0;
    double hi = 0;
    for (Line l : lines) {
      for (KpiStore.Point p : l.points()) {
        lo = Math.min(lo, p.value());
        hi = Math.max(hi, p.value());
      }
    }
    double step = niceStep((hi - lo) / 4);
    hi = Math.max(lo + step, Math.ceil(hi / step) * step);
    lo = Math.floor(lo / step) * step;

    // Grid and values
    cs.setLineWidth(0.3f);
    for (double v = lo; v <= hi + step / 2; v += step) {
      float gy = plotY + (float) ((v - lo) / (hi - lo)) * plotH;
      cs.setStrokingColor(0.8f, 0.8f, 0.8f);
      cs.moveTo(plotX, gy);
      cs.lineTo(plotX + plotW, gy);
      cs.stroke();
      String label = VnFormat.number(v);
      float lw = Sheet.textWidth(label, sheet.fonts().regular(), 7);
      sheet.write(label, sheet.fonts().regular(), 7, plotX - 4 - lw, gy - 2.5f);
    }
    // Hours along the bottom, every three
    double span = Duration.between(from, to).toMillis();
    for (int hour = 0; hour <= 24; hour += 3) {
      float hx = plotX + (float) (hour * 3_600_000.0 / span) * plotW;
      if (hx > plotX + plotW + 0.5f) {
        break;
      }
      cs.setStrokingColor(0.8f, 0.8f, 0.8f);
      cs.moveTo(hx, plotY);
      cs.lineTo(hx, plotY - 3);
      cs.stroke();
      String label = String.format(java.util.Locale.ROOT, "%02d:00", hour);
      float lw = Sheet.textWidth(label, sheet.fonts().regular(), 7);
      sheet.write(label, sheet.fonts().regular(), 7, hx - lw / 2, plotY - 11);
    }
    // Frame
    cs.setStrokingColor(0.3f, 0.3f, 0.3f);
    cs.setLineWidth(0.6f);
    cs.addRect(plotX, plotY, plotW, plotH);
    cs.stroke();

    // Series
    cs.setLineWidth(1.2f);
    for (Line l : lines) {
      cs.setStrokingColor(l.rgb()[0], l.rgb()[1], l.rgb()[2]);
      cs.setNonStrokingColor(l.rgb()[0], l.rgb()[1], l.rgb()[2]);
      KpiStore.Point previous = null;
      for (KpiStore.Point p : l.points()) {
        float px = plotX + (float) (Duration.between(from, p.at()).toMillis() / span) * plotW;
        float py = plotY + (float) ((p.value() - lo) / (hi - lo)) * plotH;
        boolean joined =
            previous != null && Duration.between(previous.at(), p.at()).compareTo(GAP) <= 0;
        if (joined) {
          cs.lineTo(px, py);
        } else {
          if (previous != null) {
            cs.stroke();
          }
          cs.addRect(px - 0.8f, py - 0.8f, 1.6f, 1.6f); // a lone point still shows
          cs.fill();
          cs.moveTo(px, py);
        }
        previous = p;
      }
      if (previous != null) {
        cs.stroke();
      }
    }
    cs.setStrokingColor(0f, 0f, 0f);
    cs.setNonStrokingColor(0f, 0f, 0f);

    // Legend, two to a row
    float colW = w / 2;
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      float lx = x + (i % 2) * colW;
      float ly = bottom + legend - (i / 2 + 1) * LEGEND_ROW + 3;
      cs.setNonStrokingColor(l.rgb()[0], l.rgb()[1], l.rgb()[2]);
      cs.addRect(lx, ly + 1, 14, 4);
      cs.fill();
      cs.setNonStrokingColor(0f, 0f, 0f);
      sheet.write(
          Sheet.fit(l.label(), sheet.fonts().regular(), 8, colW - 24),
          sheet.fonts().regular(),
          8,
          lx + 18,
          ly);
    }
  }

  /** 1, 2 or 5 times a power of ten, at least {@code raw} (and at least 1 for counts of zero). */
  static double niceStep(double raw) {
    if (!(raw > 0)) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * magnitude >= raw) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }
}
