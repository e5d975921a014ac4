package vn.cantho.ioc.traffic.api;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The DATEX II 3.1 schemas, read where they are kept beside the repository ({@code
 * shared/data/datex/}, never copied into it, see its NOTICE), and what the export tests need to
 * read a publication. Tests run in the module's folder, and CI clones the repository into a folder
 * of its own with {@code shared/} beside it, so the folder is searched for upwards rather than
 * assumed. Missing schemas fail the test: an export that is not validated is not tested.
 */
final class DatexSchemas {
  static final String ENTRY = "DATEXII_3_D2Payload.xsd";
  static final Path RELATIVE = Path.of("shared", "data", "datex", ENTRY);

  private static Schema schema;

  private DatexSchemas() {}

  /**
   * The entry schema under {@code <dir>/shared/data/datex/} for the first of {@code start} and its
   * ancestors that has it; every ancestor covers {@code <dir>/../shared} too.
   */
  static Optional<Path> find(Path start) {
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE);
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The entry schema from the working directory, or an {@link AssertionError} that says where. */
  static Path entry(Path start) {
    return find(start)
        .orElseThrow(
            () ->
                new AssertionError(
                    "DATEX II schemas not found: no "
                        + RELATIVE
                        + " in "
                        + start.toAbsolutePath().normalize()
                        + " or any folder above it. Put the shared data folder (shared/data/datex"
                        + " with the DATEXII_3_*.xsd files) beside the repository."));
  }

  /**
   * The compiled schema, once per run. Compiled from the file's URL, so its imports ({@code
   * schemaLocation} relative to it) resolve.
   */
  static synchronized Schema schema() throws SAXException {
    if (schema == null) {
      Path entry = entry(Path.of(""));
      schema =
          SchemaFactory.newDefaultInstance().newSchema(new StreamSource(entry.toUri().toString()));
    }
    return schema;
  }

  /** Validates the publication; a {@link SAXException} names the first line that breaks it. */
  static void validate(String xml) throws SAXException, IOException {
    schema().newValidator().validate(new StreamSource(new StringReader(xml)));
  }

  /** The publication as a namespace-aware DOM, for assertions on its content. */
  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
    f.setNamespaceAware(true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }

  /** The elements of that namespace and name below {@code within}, in document order. */
  static List<Element> elements(Element within, String namespace, String name) {
    NodeList nodes = within.getElementsByTagNameNS(namespace, name);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add((Element) nodes.item(i));
    }
    return out;
  }

  /** The text of the one such element below {@code within}. */
  static String text(Element within, String namespace, String name) {
    List<Element> found = elements(within, namespace, name);
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " elements " + name + ", expected one");
    }
    return found.get(0).getTextContent();
  }

  /** The situations' ids, in document order. */
  static List<String> situationIds(Document d) {
    return elements(d.getDocumentElement(), DatexExport.SIT, "situation").stream()
        .map(e -> e.getAttribute("id"))
        .toList();
  }
}
