package dev.sharedcontext.testing;

/** How long one {@link TestServer} of {@link SharedContextExtension} lives. */
public enum Lifecycle {
  /**
   * One server for all tests of a class, started before the first and closed after the last;
   * clients are still per test, and the store is emptied after each test.
   */
  PER_CLASS,
  /** A new server for every test, closed after it. */
  PER_TEST
}
