package dev.sharedcontext.server.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads, on a daemon thread of its own, the classes that a server's start and its first answer
 * load, while the thread that builds and starts the server goes on: in a fresh JVM most of the
 * time to a first answer is loading classes (defining them from their jars, inflating those),
 * and the second core is otherwise idle for it. The classes are only loaded, never initialized,
 * so that no static initializer runs on this thread: two threads initializing classes that need
 * each other can deadlock, while loading takes a lock per class name only. A class that the
 * starting thread reaches first is simply loaded there.
 *
 * <p>The names are in {@value #LIST}, written by the benchmarks' {@code PreloadClassList} from
 * the classes a fresh JVM loads from {@code SharedContextServer.builder()} to the first answer. A name missing from the class path (another version of a dependency) is
 * skipped; a stale list costs only the time it saves.
 *
 * <p>Once per JVM; off when the system property {@value #PROPERTY} is {@code false}.
 */
public final class ClassPreloader {
  /** The system property that turns preloading off with {@code false}. */
  public static final String PROPERTY = "sharedcontext.preloadClasses";
  /** The resource beside this class that holds the names, one per line; {@code #} starts a comment. */
  static final String LIST = "preload-classes.txt";

  private static final Logger log = LoggerFactory.getLogger(ClassPreloader.class);
  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private ClassPreloader() {}

  /**
   * Starts the loading thread, unless it was started before in this JVM or {@value #PROPERTY} is
   * {@code false}.
   *
   * @return true if this call started it
   */
  public static boolean startOnce() {
    if (!enabled() || !STARTED.compareAndSet(false, true)) {
      return false;
    }
    Thread thread = new Thread(() -> {
      try {
        preload(names(), ClassPreloader.class.getClassLoader());
      } catch (RuntimeException | LinkageError e) {
        log.debug("class preloading stopped", e); // it only ever saves time
      }
    }, "sharedcontext-class-preload");
    thread.setDaemon(true);
    thread.start();
    return true;
  }

  /** False when the system property {@value #PROPERTY} says {@code false}. */
  static boolean enabled() {
    return !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
  }

  /** The names in {@value #LIST}, in order; empty when the resource is missing or unreadable. */
  static List<String> names() {
    List<String> names = new ArrayList<>();
    try (InputStream in = ClassPreloader.class.getResourceAsStream(LIST)) {
      if (in == null) {
        return names;
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        String name = line.strip();
        if (!name.isEmpty() && !name.startsWith("#")) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      log.debug("cannot read {}", LIST, e);
    }
    return names;
  }

  /**
   * Loads each of {@code names} with {@code loader}, without initializing it.
   *
   * @return how many were found and loaded
   */
  static int preload(List<String> names, ClassLoader loader) {
    int loaded = 0;
    for (String name : names) {
      try {
        Class.forName(name, false, loader);
        loaded++;
      } catch (ClassNotFoundException | LinkageError e) {
        // not on this class path, or not loadable here: the starting thread will say so if it needs it
      }
    }
    return loaded;
  }
}
