package vn.cantho.ioc.sim;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Reads and writes the registry file: {@code {"generatedAt":…,"seed":…,"devices":[…]}} in UTF-8,
 * one device per line so that a diff between two fleets stays readable. Unknown fields are ignored
 * on reading, so the format can grow without breaking older readers.
 */
public final class RegistryFile {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private RegistryFile() {}

  /** Writes hand-assembled devices: stamped with the current time and without a seed. */
  public static void write(Path file, List<SimDevice> devices) throws IOException {
    write(file, new Registry(Instant.now().truncatedTo(ChronoUnit.SECONDS), null, devices));
  }

  public static void write(Path file, Registry registry) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writeTo(out, registry);
    }
  }

  private static void writeTo(Writer out, Registry registry) throws IOException {
    out.write('{');
    if (registry.generatedAt() != null) {
      out.write("\"generatedAt\":" + MAPPER.writeValueAsString(registry.generatedAt().toString()));
      out.write(',');
    }
    if (registry.seed() != null) {
      out.write("\"seed\":" + registry.seed() + ",");
    }
    out.write("\"devices\":[\n");
    List<SimDevice> devices = registry.devices();
    for (int i = 0; i < devices.size(); i++) {
      out.write(' ');
      out.write(MAPPER.writeValueAsString(devices.get(i)));
      out.write(i < devices.size() - 1 ? ",\n" : "\n");
    }
    out.write("]}\n");
  }

  /** The devices of a registry file. */
  public static List<SimDevice> read(Path file) throws IOException {
    return readRegistry(file).devices();
  }

  public static Registry readRegistry(Path file) throws IOException {
    FileContent content = MAPPER.readValue(file.toFile(), FileContent.class);
    if (content.devices() == null) {
      throw new IOException(file + ": not a registry file (no \"devices\" array)");
    }
    return new Registry(
        parseInstant(file, content.generatedAt()), content.seed(), content.devices());
  }

  private static Instant parseInstant(Path file, String text) throws IOException {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IOException(file + ": generatedAt is not an ISO-8601 instant: " + text, e);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record FileContent(String generatedAt, Long seed, List<SimDevice> devices) {}
}
