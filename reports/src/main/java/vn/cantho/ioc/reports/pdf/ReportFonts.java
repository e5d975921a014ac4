package vn.cantho.ioc.reports.pdf;

import java.io.IOException;
import java.io.InputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Liberation Sans, Regular and Bold, from the class path (the {@code
 * jasperreports-fonts-liberation} jar, SIL OFL 1.1; ADR 0017). The PDF's standard 14 fonts carry no
 * Vietnamese letters (ấ, ượ, ữ), so the report embeds a TrueType font that does: only the glyphs it
 * uses (a subset), with a ToUnicode map so the text can be searched and copied.
 */
public record ReportFonts(PDFont regular, PDFont bold) {
  static final String FOLDER = "com/mpobjects/jasperreports/fonts/liberation/";

  /** Loads both into the document; fails loudly when the font jar is missing. */
  public static ReportFonts load(PDDocument document) throws IOException {
    return new ReportFonts(
        font(document, "LiberationSans-Regular.ttf"), font(document, "LiberationSans-Bold.ttf"));
  }

  private static PDFont font(PDDocument document, String file) throws IOException {
    try (InputStream in = ReportFonts.class.getClassLoader().getResourceAsStream(FOLDER + file)) {
      if (in == null) {
        throw new IllegalStateException(
            FOLDER
                + file
                + " is not on the class path: the report needs the font jar"
                + " com.mpobjects.jasperreports.font:jasperreports-fonts-liberation");
      }
      return PDType0Font.load(document, in, true);
    }
  }
}
