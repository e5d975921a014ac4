package vn.cantho.ioc.traffic.api;

import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import vn.cantho.ioc.geo.CanThoTime;
import vn.cantho.ioc.traffic.incident.Incident;
import vn.cantho.ioc.traffic.incident.IncidentKind;
import vn.cantho.ioc.traffic.incident.IncidentSeverity;
import vn.cantho.ioc.traffic.incident.IncidentStatus;

/**
 * Open incidents as a DATEX II v3.1 {@code SituationPublication} in a {@code d2:payload}, for other
 * traffic centres and navigation services (docs/traffic-incident-detection.md §4 has the outline
 * and where it was checked). One situation per open incident with one record whose version is the
 * incident's, so a receiver sees an update as a new version of the same record. Pure: the same
 * incidents and time give the same text.
 */
public final class DatexExport {
  /** What the route answers with. */
  public static final String MEDIA_TYPE = "application/xml; charset=UTF-8";

  static final String D2 = "http://datex2.eu/schema/3/d2Payload";
  static final String COM = "http://datex2.eu/schema/3/common";
  static final String SIT = "http://datex2.eu/schema/3/situation";
  static final String LOC = "http://datex2.eu/schema/3/locationReferencing";
  static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

  /** The publisher's international identifier: country code and national identifier. */
  static final String COUNTRY = "vn";

  static final String PUBLISHER = "CanThoIOC";

  /** DATEX II caps a multilingual string value at 1,024 characters. */
  static final int MAX_COMMENT = 1024;

  /**
   * The DATEX II element that names what a record is: the record's {@code xsi:type}, the
   * type-specific element every such record needs, and its value.
   */
  record RecordType(String xsiType, String element, String value) {}

  private DatexExport() {}

  /**
   * The publication of the incidents still open; closed ones (cleared, false alarm) are left out
   * even if given, since a receiver takes a missing situation as ended.
   *
   * @param publishedAt the publication time, written in Can Tho's offset (+07:00)
   */
  public static String of(List<Incident> incidents, Instant publishedAt) {
    StringWriter out = new StringWriter();
    try {
      // The JDK's own writer, whatever StAX implementation the class path brings; a factory per
      // call, as the API does not promise a shared one is safe across threads.
      XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out);
      w.writeStartDocument("UTF-8", "1.0");
      w.writeStartElement("d2", "payload", D2);
      w.writeNamespace("d2", D2);
      w.writeNamespace("com", COM);
      w.writeNamespace("sit", SIT);
      w.writeNamespace("loc", LOC);
      w.writeNamespace("xsi", XSI);
      w.writeAttribute("xsi", XSI, "type", "sit:SituationPublication");
      w.writeAttribute("lang", "vi");
      w.writeAttribute("modelBaseVersion", "3");
      text(w, COM, "publicationTime", time(publishedAt));
      w.writeStartElement(COM, "publicationCreator");
      text(w, COM, "country", COUNTRY);
      text(w, COM, "nationalIdentifier", PUBLISHER);
      w.writeEndElement();
      for (Incident i : incidents) {
        if (!i.status().isFinal()) {
          situation(w, i);
        }
      }
      w.writeEndElement();
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      // Only a bug here (a name or an order wrong) gets here: the text is cleaned beforehand.
      throw new IllegalStateException("DATEX II export failed", e);
    }
    return out.toString();
  }

  /** The situation's id; the record's adds {@code -record}. Stable over the incident's life. */
  static String situationId(Incident i) {
    return PUBLISHER + "-incident-" + i.id();
  }

  private static void situation(XMLStreamWriter w, Incident i) throws XMLStreamException {
    w.writeStartElement(SIT, "situation");
    w.writeAttribute("id", situationId(i));
    w.writeStartElement(SIT, "headerInformation");
    text(w, COM, "informationStatus", "real");
    w.writeEndElement();
    RecordType type = recordType(i.kind());
    w.writeStartElement(SIT, "situationRecord");
    w.writeAttribute("xsi", XSI, "type", type.xsiType());
    w.writeAttribute("id", situationId(i) + "-record");
    w.writeAttribute("version", Integer.toString(i.version()));
    text(w, SIT, "situationRecordCreationTime", time(i.openedAt()));
    text(w, SIT, "situationRecordVersionTime", time(i.updatedAt()));
    text(w, SIT, "probabilityOfOccurrence", probability(i.status()));
    text(w, SIT, "severity", severity(i.severity()));
    w.writeStartElement(SIT, "validity");
    text(w, COM, "validityStatus", "active");
    w.writeStartElement(COM, "validityTimeSpecification");
    text(w, COM, "overallStartTime", time(i.openedAt()));
    w.writeEndElement();
    w.writeEndElement();
    w.writeStartElement(SIT, "generalPublicComment");
    w.writeStartElement(SIT, "comment");
    w.writeStartElement(COM, "values");
    w.writeStartElement(COM, "value");
    w.writeAttribute("lang", "vi");
    w.writeCharacters(comment(i));
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndElement();
    w.writeStartElement(SIT, "locationReference");
    w.writeAttribute("xsi", XSI, "type", "loc:PointLocation");
    w.writeStartElement(LOC, "pointByCoordinates");
    w.writeStartElement(LOC, "pointCoordinates");
    text(w, LOC, "latitude", Double.toString(i.location().lat()));
    text(w, LOC, "longitude", Double.toString(i.location().lon()));
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndElement();
    // The type's own element comes after every element the records share (xs:extension order).
    text(w, SIT, type.element(), type.value());
    w.writeEndElement();
    w.writeEndElement();
  }

  /**
   * The record for a kind. The detectors see only a queue; what staff or reporters name gets the
   * DATEX II record for it. DATEX II has no record for a traffic violation, so that and "other" go
   * as a generic record named in English, as DATEX II names its values.
   */
  static RecordType recordType(IncidentKind kind) {
    return switch (kind) {
      case CONGESTION ->
          new RecordType("sit:AbnormalTraffic", "abnormalTrafficType", "queuingTraffic");
      case ACCIDENT -> new RecordType("sit:Accident", "accidentType", "accident");
      case STALLED_VEHICLE ->
          new RecordType("sit:VehicleObstruction", "vehicleObstructionType", "brokenDownVehicle");
      case OBSTRUCTION ->
          new RecordType("sit:GeneralObstruction", "obstructionType", "obstructionOnTheRoad");
      case VIOLATION ->
          new RecordType(
              "sit:GenericSituationRecord", "genericSituationRecordName", "trafficViolation");
      case OTHER ->
          new RecordType(
              "sit:GenericSituationRecord", "genericSituationRecordName", "otherTrafficIncident");
    };
  }

  /** A new incident is a report not yet checked by staff; verified or dispatched, it is certain. */
  static String probability(IncidentStatus status) {
    return switch (status) {
      case NEW -> "probable";
      case VERIFIED, DISPATCHED -> "certain";
      case CLEARED, FALSE_ALARM ->
          throw new IllegalArgumentException("a closed incident is not published: " + status);
    };
  }

  static String severity(IncidentSeverity severity) {
    return switch (severity) {
      case LOW -> "low";
      case MEDIUM -> "medium";
      case HIGH -> "high";
    };
  }

  /**
   * The description for the public, or the kind's name when it has none; only characters XML 1.0
   * can carry, at most {@link #MAX_COMMENT} of them (an ellipsis says it was cut).
   */
  static String comment(Incident i) {
    String text = xmlCharacters(i.description()).strip();
    if (text.isEmpty()) {
      text = i.kind().labelVi();
    }
    if (text.codePointCount(0, text.length()) > MAX_COMMENT) {
      text = text.substring(0, text.offsetByCodePoints(0, MAX_COMMENT - 1)) + "…";
    }
    return text;
  }

  /**
   * Drops what XML 1.0 cannot hold (control characters, unpaired surrogates, U+FFFE and U+FFFF):
   * the writer escapes markup but would write these as they are, and the receiver's parser would
   * refuse the whole publication.
   */
  static String xmlCharacters(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .filter(
            c ->
                c == 0x9
                    || c == 0xA
                    || c == 0xD
                    || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD)
                    || c >= 0x10000)
        .forEach(out::appendCodePoint);
    return out.toString();
  }

  /** An xs:dateTime in Can Tho's offset, as a Vietnamese reader of the XML expects. */
  static String time(Instant at) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(CanThoTime.ZONE));
  }

  private static void text(XMLStreamWriter w, String namespace, String name, String value)
      throws XMLStreamException {
    w.writeStartElement(namespace, name);
    w.writeCharacters(value);
    w.writeEndElement();
  }
}
