package dev.sharedcontext.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedcontext.core.ContextDocument;
import dev.sharedcontext.core.tokens.TokenCounter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LazyTokenCounterTest {

  /**
   * A method the interface gains with a default (as {@code count(document, previous)} did) would
   * otherwise silently take the default's slower path in every test server.
   */
  @Test
  void delegatesEveryMethodOfTheInterface() {
    List<Method> notOverridden = Arrays.stream(TokenCounter.class.getMethods())
        .filter(m -> !Modifier.isStatic(m.getModifiers()))
        .filter(m -> {
          try {
            return LazyTokenCounter.class.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass()
                != LazyTokenCounter.class;
          } catch (NoSuchMethodException e) {
            return true;
          }
        })
        .toList();
    assertThat(notOverridden).isEmpty();
  }

  @Test
  void countsAsTheRealCounterDoes() {
    ContextDocument before = ContextDocument.parse("{\"a\":\"one two three\",\"b\":[1,2]}");
    ContextDocument after = ContextDocument.parse("{\"a\":\"one two three four\",\"b\":[1,2]}");
    TokenCounter real = TokenCounter.bpe();
    assertThat(LazyTokenCounter.INSTANCE.count(after, before)).isEqualTo(real.count(after));
    assertThat(LazyTokenCounter.INSTANCE.count(after)).isEqualTo(real.count(after));
    assertThat(LazyTokenCounter.INSTANCE.name()).isEqualTo(real.name());
  }
}
