package vn.cantho.ioc.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import vn.cantho.ioc.deploy.BackupManifest.Table;

/**
 * A backup archive opened for a restore: its manifest read and every table's stream checked against
 * the manifest's size and SHA-256 before anything touches a database.
 */
final class BackupArchive implements AutoCloseable {
  /** A manifest of tens of thousands of partitions stays far below this. */
  private static final int MAX_MANIFEST_BYTES = 64 << 20;

  private final Path path;
  private final ZipFile zip;
  private final BackupManifest manifest;

  private BackupArchive(Path path, ZipFile zip, BackupManifest manifest) {
    this.path = path;
    this.zip = zip;
    this.manifest = manifest;
  }

  /**
   * Opens and checks the archive whole.
   *
   * @throws CommandRefused when it is missing, not a backup, or differs from its manifest
   */
  static BackupArchive open(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new CommandRefused("no backup file " + path);
    }
    ZipFile zip;
    try {
      zip = new ZipFile(path.toFile());
    } catch (ZipException e) {
      throw new CommandRefused(path + " is not a backup archive (not a zip file)", e);
    }
    try {
      BackupManifest manifest = BackupManifest.fromJson(readManifest(path, zip));
      BackupArchive archive = new BackupArchive(path, zip, manifest);
      archive.verify();
      return archive;
    } catch (IOException | RuntimeException e) {
      zip.close();
      throw e;
    }
  }

  private static byte[] readManifest(Path path, ZipFile zip) throws IOException {
    ZipEntry entry = zip.getEntry(DatabaseBackup.MANIFEST);
    if (entry == null) {
      throw new CommandRefused(
          path + " is not a Can Tho IOC backup (no " + DatabaseBackup.MANIFEST + ")");
    }
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] json = in.readNBytes(MAX_MANIFEST_BYTES + 1);
      if (json.length > MAX_MANIFEST_BYTES) {
        throw new CommandRefused("the archive's manifest is over " + MAX_MANIFEST_BYTES + " bytes");
      }
      return json;
    }
  }

  /** Each table's stream read through once: its size and SHA-256 must be the manifest's. */
  private void verify() throws IOException {
    Set<String> names = new HashSet<>();
    Set<String> entries = new HashSet<>();
    for (Table t : manifest.tables()) {
      if (!names.add(t.name()) || !entries.add(t.entry())) {
        throw new CommandRefused("the archive's manifest names table " + t.name() + " twice");
      }
      MessageDigest digest = DatabaseBackup.sha256Digest();
      long bytes = 0;
      try (InputStream in = new DigestInputStream(table(t), digest)) {
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          bytes += n;
        }
      } catch (ZipException e) {
        throw damaged(t, "it cannot be read (" + e.getMessage() + ")");
      }
      String sha256 = HexFormat.of().formatHex(digest.digest());
      if (bytes != t.bytes() || !sha256.equals(t.sha256())) {
        throw damaged(
            t,
            "its data has "
                + bytes
                + " bytes with SHA-256 "
                + sha256
                + ", the manifest says "
                + t.bytes()
                + " bytes with SHA-256 "
                + t.sha256());
      }
    }
  }

  private CommandRefused damaged(Table t, String why) {
    return new CommandRefused(
        "the archive "
            + path
            + " is damaged or was changed: table "
            + t.name()
            + " ("
            + t.entry()
            + "): "
            + why
            + "; nothing was restored");
  }

  BackupManifest manifest() {
    return manifest;
  }

  Path path() {
    return path;
  }

  /** The table's COPY stream. */
  InputStream table(Table t) throws IOException {
    ZipEntry entry = zip.getEntry(t.entry());
    if (entry == null) {
      throw damaged(t, "the archive has no entry " + t.entry());
    }
    return zip.getInputStream(entry);
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
