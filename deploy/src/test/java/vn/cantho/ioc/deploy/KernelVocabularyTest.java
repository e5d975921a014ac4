package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * ADR 0012: the central classes and the console's shell hold no water-specific code, so the next
 * feature is added without editing them. Reads their sources (comments included: a comment naming a
 * pond is a sign the code still thinks in ponds) and refuses every water word, whole words only but
 * inside identifiers too ({@code PondsHandler}, {@code VN_WQI}, {@code doProjected}). {@code
 * farmer} is not one: a farmer is a role of the city's organisation ({@code Role.FARMER}), not a
 * feature's. The architecture rules are {@link ModuleBoundariesTest}.
 */
class KernelVocabularyTest {
  /** Relative to the deploy module, where its tests run. */
  private static final Path ROOT = Path.of("..");

  private static final List<String> CENTRAL =
      List.of(
          "ioc-core/src/main/java/vn/cantho/ioc/core/api/ApiServer.java",
          "deploy/src/main/java/vn/cantho/ioc/deploy/IocServer.java",
          "deploy/src/main/java/vn/cantho/ioc/deploy/ServerSettings.java",
          "ioc-core/src/main/java/vn/cantho/ioc/core/live/LiveFeed.java",
          "ioc-core/src/main/java/vn/cantho/ioc/core/auth/Role.java",
          "ioc-core/src/main/resources/webroot/app.js",
          // The shell's modules (issue 17).
          "ioc-core/src/main/resources/webroot/console/i18n.js",
          "ioc-core/src/main/resources/webroot/console/session.js",
          "ioc-core/src/main/resources/webroot/console/map-view.js",
          "ioc-core/src/main/resources/webroot/console/alert-feed.js",
          "ioc-core/src/main/resources/webroot/console/device-panel.js",
          "ioc-core/src/main/resources/webroot/console/panels.js",
          "ioc-core/src/main/resources/webroot/console/tiles.js",
          // Beyond the list, ADR 0012 named these as edited for every feature; they are
          // clean now and stay so.
          "ioc-core/src/main/java/vn/cantho/ioc/core/auth/Permission.java",
          "deploy/src/main/java/vn/cantho/ioc/deploy/DemoStack.java",
          "ioc-core/src/main/resources/webroot/index.html");

  /**
   * Water's words, English and Vietnamese; a phrase of several words matches them in a row. "ao" is
   * Vietnamese for pond, "tôm" shrimp, "cá" fish, "thủy sản" aquatic produce, "nuôi" to raise.
   */
  static final Set<String> WATER_WORDS =
      Set.of(
          "pond",
          "ponds",
          "farm",
          "farms",
          "wqi",
          "nh3",
          "ammonia",
          "salinity",
          "aquaculture",
          "species",
          "do projected",
          "ph swing",
          "shrimp",
          "pangasius",
          "ao",
          "water",
          "tôm",
          "cá",
          "thủy sản",
          "thuỷ sản",
          "nuôi");

  /**
   * The only lines allowed to hold a water word, each exactly as it stands (trimmed). The device
   * domains (water, traffic, lighting, flood) are still the kernel's {@code Domain} enum, and the
   * shell draws every device by its domain: these lines are that per-domain table (layer names,
   * colours, marker sizes), naming all four alike, not water's code. When {@code Domain} becomes a
   * registry filled from the features (ADR 0012), the table comes from the API and these go.
   */
  static final Map<String, List<String>> ALLOWED =
      Map.of(
          "ioc-core/src/main/resources/webroot/console/i18n.js",
          List.of(
              "domains: { water: 'Quan trắc nước', traffic: 'Giao thông', lighting: 'Chiếu sáng',"
                  + " flood: 'Chống ngập' },",
              "domains: { water: 'Water quality', traffic: 'Traffic', lighting: 'Lighting', flood:"
                  + " 'Flood control' },"),
          "ioc-core/src/main/resources/webroot/console/map-view.js",
          List.of(
              "export const DOMAINS = ['water', 'traffic', 'lighting', 'flood'];",
              "export const COLOURS = { water: '#1e88e5', traffic: '#f4511e', lighting: '#f9a825',"
                  + " flood: '#6a1b9a' };",
              "const SIZES = { water: 14, traffic: 12, lighting: 10, flood: 16 };"));

  private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}_]+");

  /** Between the parts of an identifier: fooBar, FOOBar, nh3Rate, snake_case. */
  private static final Pattern PART_BOUNDARY =
      Pattern.compile(
          "_+|(?<=\\p{Ll})(?=\\p{Lu})|(?<=\\p{Lu})(?=\\p{Lu}\\p{Ll})|(?<=\\p{N})(?=\\p{Lu})");

  @Test
  void theCentralClassesAndTheShellHoldNoWaterWord() throws Exception {
    List<String> found = new ArrayList<>();
    for (String file : CENTRAL) {
      Path path = ROOT.resolve(file);
      assertThat(path).as("moved? update this test's list").isRegularFile();
      List<String> allowed = ALLOWED.getOrDefault(file, List.of());
      List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        List<String> words = waterWordsIn(line);
        if (!words.isEmpty() && !allowed.contains(line.strip())) {
          found.add(file + ":" + (i + 1) + " " + words + ": " + line.strip());
        }
      }
      for (String line : allowed) {
        assertThat(lines.stream().map(String::strip))
            .as("an allowed line of %s is gone: drop it from ALLOWED", file)
            .contains(line);
      }
    }
    assertThat(found).as("water's words in the kernel's central code").isEmpty();
  }

  @Test
  void wordsAreFoundWholeAndInsideIdentifiersButAFarmerIsTheCitys() {
    assertThat(waterWordsIn("new PondsHandler(farms)")).containsExactly("ponds", "farms");
    assertThat(waterWordsIn("VN_WQI and nh3Rate, doProjected"))
        .contains("wqi", "nh3", "do projected");
    assertThat(waterWordsIn("case ph_swing -> 'Ao cá tra'")).contains("ph swing", "ao", "cá");
    assertThat(waterWordsIn("WATER(\"water\")")).containsExactly("water", "water");
    assertThat(
            waterWordsIn(
                "Role.FARMER, a farmer's probes; farmerId; Giao thông; các xã; Báo cáo; waterfall"))
        .isEmpty();
    assertThat(waterWordsIn(Normalizer.normalize("con tôm", Normalizer.Form.NFD)))
        .as("decomposed diacritics too")
        .containsExactly("tôm");
  }

  /** The water words and phrases in a line, in order, lower case. */
  static List<String> waterWordsIn(String line) {
    List<String> parts = new ArrayList<>();
    Matcher m = TOKEN.matcher(Normalizer.normalize(line, Normalizer.Form.NFC));
    while (m.find()) {
      for (String part : PART_BOUNDARY.split(m.group(), -1)) {
        if (!part.isEmpty()) {
          parts.add(part.toLowerCase(Locale.ROOT));
        }
      }
    }
    List<String> found = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      for (String word : WATER_WORDS) {
        List<String> phrase = Arrays.asList(word.split(" ", -1));
        if (i + phrase.size() <= parts.size()
            && parts.subList(i, i + phrase.size()).equals(phrase)) {
          found.add(word);
        }
      }
    }
    return found;
  }
}
