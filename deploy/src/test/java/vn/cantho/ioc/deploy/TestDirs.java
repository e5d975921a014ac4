package vn.cantho.ioc.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The tests' temporary folders (a database, a broker, a demo's data each), deleted when the test
 * JVM exits: left behind, one full run of the suite put 2.4 GB in /tmp. At exit every stack of the
 * run has stopped; a child process still writing there only loses files nobody reads again.
 */
final class TestDirs {
  private static final Queue<Path> CREATED = new ConcurrentLinkedQueue<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(TestDirs::deleteAll, "ioc-test-dirs-cleanup"));
  }

  private TestDirs() {}

  /** A new folder under the system's temporary folder, named from the prefix. */
  static Path create(String prefix) throws IOException {
    Path folder = Files.createTempDirectory(prefix);
    CREATED.add(folder);
    return folder;
  }

  private static void deleteAll() {
    for (Path folder : CREATED) {
      try {
        Folders.deleteTree(folder);
      } catch (IOException | RuntimeException e) {
        // Best effort at exit: a file held open by a process being killed stays.
      }
    }
  }
}
