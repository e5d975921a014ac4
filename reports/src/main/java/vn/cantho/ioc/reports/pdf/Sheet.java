package vn.cantho.ioc.reports.pdf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;

/**
 * Writes A4 pages top to bottom: lines of text, tables and reserved boxes (for charts), keeping a
 * cursor and the margins. Knows nothing of reports; {@code DailyReportPdf} says what goes where.
 */
final class Sheet implements AutoCloseable {
  static final float MARGIN = 50;
  static final float BOTTOM = 56;
  private static final float TOP = 56;

  /** A table column: header, width in points, figures right-aligned. */
  record Column(String header, float width, boolean right) {}

  private final PDDocument document;
  private final ReportFonts fonts;
  private PDPageContentStream stream;
  private float y;

  Sheet(PDDocument document, ReportFonts fonts) {
    this.document = document;
    this.fonts = fonts;
  }

  void newPage() throws IOException {
    closeStream();
    PDPage page = new PDPage(PDRectangle.A4);
    document.addPage(page);
    stream = new PDPageContentStream(document, page);
    y = PDRectangle.A4.getHeight() - TOP;
  }

  PDPageContentStream stream() {
    return stream;
  }

  ReportFonts fonts() {
    return fonts;
  }

  float width() {
    return PDRectangle.A4.getWidth() - 2 * MARGIN;
  }

  /** What is left above the bottom margin. */
  float room() {
    return y - BOTTOM;
  }

  void gap(float points) {
    y -= points;
  }

  /** A line of text (wrapped to the width when too long), then the cursor below it. */
  void line(String text, PDFont font, float size) throws IOException {
    for (String part : wrap(text, font, size, width())) {
      y -= size * 1.35f;
      write(part, font, size, MARGIN, y);
    }
    y -= size * 0.25f;
  }

  void title(String text) throws IOException {
    line(text, fonts.bold(), 18);
  }

  void heading(String text) throws IOException {
    gap(6);
    line(text, fonts.bold(), 12);
  }

  void text(String text) throws IOException {
    line(text, fonts.regular(), 10);
  }

  /**
   * Takes a box of the given height from the cursor down; returns its bottom edge (the caller draws
   * in {@code [MARGIN, MARGIN + width()] x [bottom, bottom + height]}).
   */
  float reserve(float height) {
    y -= height;
    return y;
  }

  /**
   * A table: a bold header (wrapped into its column), then as many rows as fit above the bottom
   * margin, keeping {@code keep} points free below. A row shorter than the columns has its last
   * cell span the rest. Returns how many rows were drawn.
   */
  int table(List<Column> columns, List<List<String>> rows, float keep) throws IOException {
    float size = 9;
    float rowHeight = 14;
    List<List<String>> headers = new ArrayList<>();
    int headerLines = 1;
    for (Column c : columns) {
      List<String> wrapped = wrap(c.header(), fonts.bold(), size, c.width() - 6);
      headers.add(wrapped);
      headerLines = Math.max(headerLines, wrapped.size());
    }
    float headerHeight = headerLines * (size + 2) + 6;
    if (room() - keep < headerHeight + rowHeight) {
      return 0;
    }
    float top = y;
    float x = MARGIN;
    for (int i = 0; i < columns.size(); i++) {
      float lineY = top - size - 2;
      for (String part : headers.get(i)) {
        cell(part, fonts.bold(), size, x, columns.get(i), lineY);
        lineY -= size + 2;
      }
      x += columns.get(i).width();
    }
    y = top - headerHeight;
    rule(y, 0.8f, 0.2f);
    int drawn = 0;
    for (List<String> row : rows) {
      if (room() - keep < rowHeight) {
        break;
      }
      x = MARGIN;
      float baseline = y - rowHeight + 4;
      for (int i = 0; i < row.size() && i < columns.size(); i++) {
        Column c = columns.get(i);
        if (i == row.size() - 1 && row.size() < columns.size()) {
          // A short row's last cell spans what is left: "không có số liệu" across the figures.
          float span = 0;
          for (Column rest : columns.subList(i, columns.size())) {
            span += rest.width();
          }
          c = new Column(c.header(), span, false);
        }
        cell(
            fit(row.get(i), fonts.regular(), size, c.width() - 6),
            fonts.regular(),
            size,
            x,
            c,
            baseline);
        x += c.width();
      }
      y -= rowHeight;
      rule(y, 0.3f, 0.75f);
      drawn++;
    }
    y -= 4;
    return drawn;
  }

  private void cell(String text, PDFont font, float size, float x, Column c, float baseline)
      throws IOException {
    float left = c.right() ? x + c.width() - 3 - textWidth(text, font, size) : x + 3;
    write(text, font, size, left, baseline);
  }

  /** A horizontal rule across the width, of a thickness and grey (0 black, 1 white). */
  private void rule(float at, float thickness, float grey) throws IOException {
    stream.setLineWidth(thickness);
    stream.setStrokingColor(grey, grey, grey);
    stream.moveTo(MARGIN, at);
    stream.lineTo(MARGIN + width(), at);
    stream.stroke();
    stream.setStrokingColor(0f, 0f, 0f);
  }

  void write(String text, PDFont font, float size, float x, float baseline) throws IOException {
    stream.beginText();
    stream.setFont(font, size);
    stream.newLineAtOffset(x, baseline);
    stream.showText(text);
    stream.endText();
  }

  static float textWidth(String text, PDFont font, float size) throws IOException {
    return font.getStringWidth(text) / 1000 * size;
  }

  /** Words onto lines no wider than {@code width}; a word wider than a line stands alone. */
  static List<String> wrap(String text, PDFont font, float size, float width) throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String word : text.split(" ")) {
      String tried = current.length() == 0 ? word : current + " " + word;
      if (current.length() > 0 && textWidth(tried, font, size) > width) {
        lines.add(current.toString());
        current = new StringBuilder(word);
      } else {
        current = new StringBuilder(tried);
      }
    }
    lines.add(current.toString());
    return lines;
  }

  /** The text, cut with an ellipsis to fit the width. */
  static String fit(String text, PDFont font, float size, float width) throws IOException {
    if (textWidth(text, font, size) <= width) {
      return text;
    }
    String cut = text;
    while (!cut.isEmpty() && textWidth(cut + "…", font, size) > width) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut + "…";
  }

  private void closeStream() throws IOException {
    if (stream != null) {
      stream.close();
      stream = null;
    }
  }

  @Override
  public void close() throws IOException {
    closeStream();
  }
}
