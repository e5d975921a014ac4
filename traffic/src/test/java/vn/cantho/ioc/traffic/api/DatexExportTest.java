package vn.cantho.ioc.traffic.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.cantho.ioc.traffic.api.DatexExport.COM;
import static vn.cantho.ioc.traffic.api.DatexExport.LOC;
import static vn.cantho.ioc.traffic.api.DatexExport.SIT;
import static vn.cantho.ioc.traffic.api.DatexExport.XSI;
import static vn.cantho.ioc.traffic.api.DatexSchemas.elements;
import static vn.cantho.ioc.traffic.api.DatexSchemas.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import vn.cantho.ioc.traffic.incident.Incident;
import vn.cantho.ioc.traffic.incident.IncidentKind;
import vn.cantho.ioc.traffic.incident.IncidentLocation;
import vn.cantho.ioc.traffic.incident.IncidentSeverity;
import vn.cantho.ioc.traffic.incident.IncidentSource;
import vn.cantho.ioc.traffic.incident.IncidentStatus;

/**
 * The DATEX II export against the DATEX II 3.1 schemas themselves, and what it says: one situation
 * per open incident, the record type of each kind, Vietnamese text, places and times.
 */
class DatexExportTest {
  private static final Instant OPENED = Instant.parse("2026-10-05T00:40:00Z");
  private static final Instant PUBLISHED = Instant.parse("2026-10-05T01:00:00Z");

  private static Incident incident(
      long id, IncidentKind kind, IncidentStatus status, String description) {
    return new Incident(
        id,
        kind,
        IncidentSeverity.MEDIUM,
        status,
        IncidentSource.STAFF,
        null,
        new IncidentLocation(105.75 + id / 1000.0, 10.03 + id / 1000.0, null, null, null, null),
        "31117",
        description,
        OPENED,
        OPENED,
        OPENED.plus(Duration.ofMinutes(id)),
        null,
        status.isFinal() ? PUBLISHED : null,
        null,
        1,
        (int) id + 1);
  }

  /** One open incident of every kind, and two closed ones that must not be published. */
  private static List<Incident> everyKindAndTwoClosed() {
    List<Incident> out = new ArrayList<>();
    long id = 1;
    for (IncidentKind k : IncidentKind.values()) {
      out.add(incident(id++, k, IncidentStatus.NEW, "Sự cố " + k.labelVi() + " trên đường 30/4"));
    }
    out.add(incident(101, IncidentKind.ACCIDENT, IncidentStatus.CLEARED, "Đã giải tỏa"));
    out.add(incident(102, IncidentKind.CONGESTION, IncidentStatus.FALSE_ALARM, "Báo động sai"));
    return out;
  }

  private static Map<String, Element> recordsBySituation(Document d) {
    Map<String, Element> out = new LinkedHashMap<>();
    for (Element s : elements(d.getDocumentElement(), SIT, "situation")) {
      out.put(s.getAttribute("id"), elements(s, SIT, "situationRecord").get(0));
    }
    return out;
  }

  private static String id(long incident) {
    return "CanThoIOC-incident-" + incident;
  }

  @Test
  void everyKindValidatesAndOnlyOpenIncidentsArePublished() throws Exception {
    List<Incident> incidents = everyKindAndTwoClosed();
    String xml = DatexExport.of(incidents, PUBLISHED);
    DatexSchemas.validate(xml);

    Document d = DatexSchemas.parse(xml);
    long open = incidents.stream().filter(i -> !i.status().isFinal()).count();
    assertThat(open).isEqualTo(IncidentKind.values().length);
    assertThat(DatexSchemas.situationIds(d)).hasSize((int) open).doesNotContain(id(101), id(102));
    Element root = d.getDocumentElement();
    assertThat(root.getNamespaceURI()).isEqualTo(DatexExport.D2);
    assertThat(root.getLocalName()).isEqualTo("payload");
    assertThat(root.getAttributeNS(XSI, "type")).isEqualTo("sit:SituationPublication");
    assertThat(root.getAttribute("lang")).isEqualTo("vi");
    assertThat(root.getAttribute("modelBaseVersion")).isEqualTo("3");
    assertThat(text(root, COM, "publicationTime")).isEqualTo("2026-10-05T08:00:00+07:00");
    assertThat(text(root, COM, "country")).isEqualTo("vn");
    assertThat(text(root, COM, "nationalIdentifier")).isEqualTo("CanThoIOC");
  }

  @Test
  void eachKindBecomesItsRecordType() throws Exception {
    Map<String, Element> records =
        recordsBySituation(DatexSchemas.parse(DatexExport.of(everyKindAndTwoClosed(), PUBLISHED)));
    Map<IncidentKind, String> expected = new LinkedHashMap<>();
    expected.put(IncidentKind.CONGESTION, "sit:AbnormalTraffic abnormalTrafficType=queuingTraffic");
    expected.put(IncidentKind.ACCIDENT, "sit:Accident accidentType=accident");
    expected.put(
        IncidentKind.STALLED_VEHICLE,
        "sit:VehicleObstruction vehicleObstructionType=brokenDownVehicle");
    expected.put(
        IncidentKind.OBSTRUCTION, "sit:GeneralObstruction obstructionType=obstructionOnTheRoad");
    expected.put(
        IncidentKind.VIOLATION,
        "sit:GenericSituationRecord genericSituationRecordName=trafficViolation");
    expected.put(
        IncidentKind.OTHER,
        "sit:GenericSituationRecord genericSituationRecordName=otherTrafficIncident");
    assertThat(expected).containsOnlyKeys(IncidentKind.values());
    long n = 1; // everyKindAndTwoClosed numbers the kinds from 1 in declaration order
    for (IncidentKind k : IncidentKind.values()) {
      Element r = records.get(id(n++));
      DatexExport.RecordType type = DatexExport.recordType(k);
      assertThat(
              r.getAttributeNS(XSI, "type")
                  + " "
                  + type.element()
                  + "="
                  + text(r, SIT, type.element()))
          .as(k.code())
          .isEqualTo(expected.get(k));
    }
  }

  @Test
  void aRecordCarriesVersionTimesProbabilitySeverityAndPlace() throws Exception {
    Incident verified =
        new Incident(
            7,
            IncidentKind.ACCIDENT,
            IncidentSeverity.HIGH,
            IncidentStatus.VERIFIED,
            IncidentSource.CAMERA,
            null,
            new IncidentLocation(105.7712345, 10.0298765, "duong-30-4", null, 1200.0, "s-3"),
            "31117",
            "Va chạm",
            OPENED,
            OPENED.plus(Duration.ofMinutes(3)),
            Instant.parse("2026-10-05T00:52:30.250Z"),
            OPENED.plus(Duration.ofMinutes(5)),
            null,
            "tf-staff",
            2,
            4);
    Incident fresh = incident(8, IncidentKind.CONGESTION, IncidentStatus.NEW, "Ùn tắc");
    Incident dispatched =
        incident(9, IncidentKind.STALLED_VEHICLE, IncidentStatus.DISPATCHED, "Xe tải hỏng");
    String xml = DatexExport.of(List.of(verified, fresh, dispatched), PUBLISHED);
    DatexSchemas.validate(xml);
    Map<String, Element> records = recordsBySituation(DatexSchemas.parse(xml));

    Element r = records.get(id(7));
    assertThat(r.getAttribute("id")).isEqualTo(id(7) + "-record");
    assertThat(r.getAttribute("version")).isEqualTo("4");
    assertThat(text(r, SIT, "situationRecordCreationTime")).isEqualTo("2026-10-05T07:40:00+07:00");
    assertThat(text(r, SIT, "situationRecordVersionTime"))
        .isEqualTo("2026-10-05T07:52:30.25+07:00");
    assertThat(text(r, COM, "overallStartTime")).isEqualTo("2026-10-05T07:40:00+07:00");
    assertThat(text(r, COM, "validityStatus")).isEqualTo("active");
    assertThat(text(r, SIT, "probabilityOfOccurrence")).isEqualTo("certain");
    assertThat(text(r, SIT, "severity")).isEqualTo("high");
    assertThat(elements(r, SIT, "locationReference").get(0).getAttributeNS(XSI, "type"))
        .isEqualTo("loc:PointLocation");
    assertThat(Double.parseDouble(text(r, LOC, "latitude"))).isEqualTo(10.0298765);
    assertThat(Double.parseDouble(text(r, LOC, "longitude"))).isEqualTo(105.7712345);

    assertThat(text(records.get(id(8)), SIT, "probabilityOfOccurrence")).isEqualTo("probable");
    assertThat(text(records.get(id(8)), SIT, "severity")).isEqualTo("medium");
    assertThat(text(records.get(id(9)), SIT, "probabilityOfOccurrence")).isEqualTo("certain");
  }

  @Test
  void vietnameseTextAndMarkupSurviveEscaped() throws Exception {
    String description = "Va chạm xe máy <b>gần cầu</b> & \"Ninh Kiều\" — ùn ứ đường Nguyễn Trãi";
    String xml =
        DatexExport.of(
            List.of(incident(1, IncidentKind.ACCIDENT, IncidentStatus.NEW, description)),
            PUBLISHED);
    DatexSchemas.validate(xml);
    assertThat(xml).contains("&lt;b&gt;gần cầu&lt;/b&gt; &amp;").doesNotContain("<b>");
    Element value =
        elements(DatexSchemas.parse(xml).getDocumentElement(), COM, "value").stream()
            .filter(e -> e.getParentNode().getParentNode().getLocalName().equals("comment"))
            .findFirst()
            .orElseThrow();
    assertThat(value.getAttribute("lang")).isEqualTo("vi");
    assertThat(value.getTextContent()).isEqualTo(description);
  }

  @Test
  void aCommentIsCleanedCutToTheSchemasLengthOrNamedAfterTheKind() throws Exception {
    String longText = "Ngập sâu ".repeat(200) + "😀";
    Incident tooLong = incident(1, IncidentKind.OBSTRUCTION, IncidentStatus.NEW, longText);
    Incident dirty =
        incident(2, IncidentKind.ACCIDENT, IncidentStatus.NEW, "Xe\u0001 cháy\uD800 ở cầu\uFFFE");
    Incident blank = incident(3, IncidentKind.STALLED_VEHICLE, IncidentStatus.NEW, "  ");
    String xml = DatexExport.of(List.of(tooLong, dirty, blank), PUBLISHED);
    DatexSchemas.validate(xml);

    List<String> comments =
        elements(DatexSchemas.parse(xml).getDocumentElement(), COM, "value").stream()
            .map(Element::getTextContent)
            .toList();
    String cut = comments.get(0);
    assertThat(cut.codePointCount(0, cut.length())).isEqualTo(DatexExport.MAX_COMMENT);
    assertThat(cut).startsWith("Ngập sâu Ngập sâu").endsWith("…");
    assertThat(comments.get(1)).isEqualTo("Xe cháy ở cầu");
    assertThat(comments.get(2)).isEqualTo("Xe chết máy");
  }

  @Test
  void noOpenIncidentIsAnEmptyButValidPublication() throws Exception {
    String xml = DatexExport.of(List.of(), PUBLISHED);
    DatexSchemas.validate(xml);
    assertThat(DatexSchemas.situationIds(DatexSchemas.parse(xml))).isEmpty();
  }

  @Test
  void theSchemaCheckItselfRefusesABrokenRecord() {
    // The validation above is worth something only if it catches a record the schema refuses:
    // an accident without its required accidentType.
    String xml =
        DatexExport.of(
                List.of(incident(1, IncidentKind.ACCIDENT, IncidentStatus.NEW, "x")), PUBLISHED)
            .replace("<sit:accidentType>accident</sit:accidentType>", "");
    assertThatThrownBy(() -> DatexSchemas.validate(xml)).hasMessageContaining("accidentType");
  }

  @Test
  void theSchemasAreFoundInAParentsSharedFolderAndTheirAbsenceFailsLoudly(@TempDir Path root)
      throws Exception {
    Path module = Files.createDirectories(root.resolve("checkout").resolve("traffic"));
    assertThatThrownBy(() -> DatexSchemas.entry(module))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("DATEX II schemas not found")
        .hasMessageContaining(module.toString());
    // CI's layout: the repository cloned into a folder with shared/ beside it.
    Path entry = root.resolve(DatexSchemas.RELATIVE);
    Files.createDirectories(entry.getParent());
    Files.writeString(entry, "<xs:schema/>");
    assertThat(DatexSchemas.entry(module)).isEqualTo(entry);
  }
}
