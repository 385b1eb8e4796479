package dev.sharedcontext.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ClassPreloaderTest {
  private static final String REGENERATE = "a class of the preloading list is no longer on the class path; write the"
      + " list again: java -cp benchmarks/target/benchmarks.jar dev.sharedcontext.benchmarks.PreloadClassList"
      + " context-server/src/main/resources/dev/sharedcontext/server/internal/preload-classes.txt";

  static final AtomicBoolean INITIALIZED = new AtomicBoolean();

  /** Records its initialization, which preloading must not cause. */
  static final class Initialized {
    static {
      INITIALIZED.set(true);
    }

    static void touch() {}
  }

  @Test
  void everyClassOfThisProjectInTheListExists() {
    List<String> ours = ClassPreloader.names().stream().filter(n -> n.startsWith("dev.sharedcontext.")).toList();
    assertThat(ours).as("the server's own classes in the list").hasSizeGreaterThan(40);
    List<String> missing = missing(ours);
    assertThat(missing).as(REGENERATE).isEmpty();
  }

  @Test
  void nearlyEveryClassOfTheListIsOnTheClassPath() {
    // The JDK's and the dependencies' classes too: a list written before an upgrade of Netty or
    // Jackson loses what it saves without failing anything else.
    List<String> names = ClassPreloader.names();
    assertThat(names).hasSizeGreaterThan(500);
    List<String> missing = missing(names);
    assertThat(missing.size()).as(REGENERATE + "; missing: " + missing).isLessThanOrEqualTo(names.size() / 20);
  }

  @Test
  void preloadingLoadsWithoutInitializingAndSkipsWhatIsMissing() {
    ClassLoader loader = getClass().getClassLoader();
    int loaded = ClassPreloader.preload(
        List.of(Initialized.class.getName(), "dev.sharedcontext.server.internal.NoSuchClass"), loader);
    assertThat(loaded).isEqualTo(1);
    assertThat(INITIALIZED).as("a preloaded class's static initializer ran").isFalse();
    Initialized.touch();
    assertThat(INITIALIZED).as("the probe itself").isTrue();
  }

  @Test
  void theSystemPropertyTurnsItOff() {
    String before = System.getProperty(ClassPreloader.PROPERTY);
    try {
      System.setProperty(ClassPreloader.PROPERTY, "false");
      assertThat(ClassPreloader.enabled()).isFalse();
      assertThat(ClassPreloader.startOnce()).isFalse();
      System.setProperty(ClassPreloader.PROPERTY, "true");
      assertThat(ClassPreloader.enabled()).isTrue();
      System.clearProperty(ClassPreloader.PROPERTY);
      assertThat(ClassPreloader.enabled()).isTrue();
    } finally {
      if (before == null) {
        System.clearProperty(ClassPreloader.PROPERTY);
      } else {
        System.setProperty(ClassPreloader.PROPERTY, before);
      }
    }
  }

  private static List<String> missing(List<String> names) {
    List<String> missing = new ArrayList<>();
    ClassLoader loader = ClassPreloader.class.getClassLoader();
    for (String name : names) {
      try {
        Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        missing.add(name);
      }
    }
    return missing;
  }
}
