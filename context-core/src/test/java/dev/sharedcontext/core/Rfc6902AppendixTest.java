package dev.sharedcontext.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every example of RFC 6902 Appendix A, and the error cases the RFC names. */
class Rfc6902AppendixTest {

  private static ContextDocument doc(String json) {
    return ContextDocument.parse(json.replace('\'', '"'));
  }

  private static Patch patch(String json) {
    return Patch.parse(json.replace('\'', '"'));
  }

  private static ContextDocument apply(String document, String patch) {
    return patch(patch).apply(doc(document));
  }

  @Test
  void a1AddingAnObjectMember() {
    assertThat(apply("{'foo':'bar'}", "[{'op':'add','path':'/baz','value':'qux'}]"))
        .isEqualTo(doc("{'baz':'qux','foo':'bar'}"));
  }

  @Test
  void a2AddingAnArrayElement() {
    assertThat(apply("{'foo':['bar','baz']}", "[{'op':'add','path':'/foo/1','value':'qux'}]"))
        .isEqualTo(doc("{'foo':['bar','qux','baz']}"));
  }

  @Test
  void a3RemovingAnObjectMember() {
    assertThat(apply("{'baz':'qux','foo':'bar'}", "[{'op':'remove','path':'/baz'}]"))
        .isEqualTo(doc("{'foo':'bar'}"));
  }

  @Test
  void a4RemovingAnArrayElement() {
    assertThat(apply("{'foo':['bar','qux','baz']}", "[{'op':'remove','path':'/foo/1'}]"))
        .isEqualTo(doc("{'foo':['bar','baz']}"));
  }

  @Test
  void a5ReplacingAValue() {
    assertThat(apply("{'baz':'qux','foo':'bar'}", "[{'op':'replace','path':'/baz','value':'boo'}]"))
        .isEqualTo(doc("{'baz':'boo','foo':'bar'}"));
  }

  @Test
  void a6MovingAValue() {
    assertThat(apply("{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}}",
        "[{'op':'move','from':'/foo/waldo','path':'/qux/thud'}]"))
        .isEqualTo(doc("{'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}"));
  }

  @Test
  void a7MovingAnArrayElement() {
    assertThat(apply("{'foo':['all','grass','cows','eat']}", "[{'op':'move','from':'/foo/1','path':'/foo/3'}]"))
        .isEqualTo(doc("{'foo':['all','cows','eat','grass']}"));
  }

  @Test
  void a8TestingAValueSuccess() {
    assertThat(apply("{'baz':'qux','foo':['a',2,'c']}",
        "[{'op':'test','path':'/baz','value':'qux'},{'op':'test','path':'/foo/1','value':2}]"))
        .isEqualTo(doc("{'baz':'qux','foo':['a',2,'c']}"));
  }

  @Test
  void a9TestingAValueError() {
    assertThatThrownBy(() -> apply("{'baz':'qux'}", "[{'op':'test','path':'/baz','value':'bar'}]"))
        .isInstanceOf(PatchFailedException.class)
        .hasMessageContaining("test failed")
        .extracting(e -> ((PatchFailedException) e).code()).isEqualTo("PATCH_FAILED");
  }

  @Test
  void a10AddingANestedMemberObject() {
    assertThat(apply("{'foo':'bar'}", "[{'op':'add','path':'/child','value':{'grandchild':{}}}]"))
        .isEqualTo(doc("{'foo':'bar','child':{'grandchild':{}}}"));
  }

  @Test
  void a11IgnoringUnrecognizedElements() {
    assertThat(apply("{'foo':'bar'}", "[{'op':'add','path':'/baz','value':'qux','xyz':123}]"))
        .isEqualTo(doc("{'foo':'bar','baz':'qux'}"));
  }

  @Test
  void a12AddingToANonexistentTarget() {
    assertThatThrownBy(() -> apply("{'foo':'bar'}", "[{'op':'add','path':'/baz/bat','value':'qux'}]"))
        .isInstanceOf(PatchFailedException.class)
        .hasMessageContaining("/baz");
  }

  @Test
  void a13InvalidJsonPatchDocument() {
    assertThatThrownBy(() -> patch("[{'op':'add','path':'/baz','value':'qux','op':'remove'}]"))
        .isInstanceOf(InvalidPatchException.class)
        .hasMessageContaining("op");
  }

  @Test
  void a14EscapeOrdering() {
    assertThat(apply("{'/':9,'~1':10}", "[{'op':'test','path':'/~01','value':10}]"))
        .isEqualTo(doc("{'/':9,'~1':10}"));
  }

  @Test
  void a15ComparingStringsAndNumbers() {
    assertThatThrownBy(() -> apply("{'/':9,'~1':10}", "[{'op':'test','path':'/~01','value':'10'}]"))
        .isInstanceOf(PatchFailedException.class);
  }

  @Test
  void a16AddingAnArrayValue() {
    assertThat(apply("{'foo':['bar']}", "[{'op':'add','path':'/foo/-','value':['abc','def']}]"))
        .isEqualTo(doc("{'foo':['bar',['abc','def']]}"));
  }

  @ParameterizedTest(name = "{0} on {1} fails")
  @CsvSource(delimiter = '|', value = {
      // remove, replace, move, copy and test need an existing target (RFC 6902 §4.2-4.6)
      "[{'op':'remove','path':'/nope'}]                       | {'a':1}",
      "[{'op':'replace','path':'/nope','value':1}]            | {'a':1}",
      "[{'op':'move','from':'/nope','path':'/b'}]             | {'a':1}",
      "[{'op':'copy','from':'/nope','path':'/b'}]             | {'a':1}",
      "[{'op':'test','path':'/nope','value':1}]               | {'a':1}",
      // an array index past the end, or not an index at all (§4.1, RFC 6901 §4)
      "[{'op':'add','path':'/a/3','value':1}]                 | {'a':[1,2]}",
      "[{'op':'add','path':'/a/01','value':1}]                | {'a':[1,2]}",
      "[{'op':'add','path':'/a/x','value':1}]                 | {'a':[1,2]}",
      "[{'op':'remove','path':'/a/2'}]                        | {'a':[1,2]}",
      "[{'op':'remove','path':'/a/-'}]                        | {'a':[1,2]}",
      "[{'op':'replace','path':'/a/-1','value':0}]            | {'a':[1,2]}",
      // a value cannot be moved into one of its children (§4.4)
      "[{'op':'move','from':'/a','path':'/a/b'}]              | {'a':{'b':1}}",
      // the parent must be a container
      "[{'op':'add','path':'/a/b','value':1}]                 | {'a':'text'}",
      // the second operation fails, so the first must not show either
      "[{'op':'add','path':'/z','value':1},{'op':'remove','path':'/nope'}] | {'a':1}",
  })
  void operationsOnMissingTargetsFailWithoutChangingTheDocument(String patch, String document) {
    ContextDocument before = doc(document);
    String hash = before.hash();
    assertThatThrownBy(() -> patch(patch).apply(before)).isInstanceOf(PatchFailedException.class);
    assertThat(before.hash()).isEqualTo(hash);
    assertThat(before).isEqualTo(doc(document));
  }

  @ParameterizedTest(name = "{0} is not a patch")
  @CsvSource(delimiter = '|', value = {
      "{'op':'add','path':'/a','value':1}",
      "[{'op':'jump','path':'/a'}]",
      "[{'path':'/a','value':1}]",
      "[{'op':'add','value':1}]",
      "[{'op':'add','path':'/a'}]",
      "[{'op':'move','path':'/a'}]",
      "[{'op':'add','path':'a','value':1}]",
      "[{'op':'add','path':'/a~2','value':1}]",
      "[{'op':'add','path':5,'value':1}]",
      "[{'op':7,'path':'/a','value':1}]",
      "[42]",
      "[{'op':'add','path':'/a','value':9007199254740993}]",
      "[{'op':'add','path':'/a','value':1e400}]",
      "[{'op':'x-text','path':'/a'}]",
      "[{'op':'x-text','path':'/a','hunks':[]}]",
      "[{'op':'x-text','path':'/a','hunks':[[0,0,'']]}]",
      "[{'op':'x-text','path':'/a','hunks':[[-1,1,'x']]}]",
      "[{'op':'x-text','path':'/a','hunks':[[0,1]]}]",
      "[{'op':'x-text','path':'/a','hunks':[[3,1,'x'],[1,1,'y']]}]",
      "[{'op':'x-text','path':'/a','hunks':[[0,2,'x'],[1,1,'y']]}]",
      "[{'op':'add','path':'/a','value':1",
      "[] []",
  })
  void malformedPatchesAreInvalidPatchErrors(String patch) {
    assertThatThrownBy(() -> patch(patch))
        .isInstanceOf(InvalidPatchException.class)
        .satisfies(e -> assertThat(((ContextException) e).code()).isEqualTo("INVALID_PATCH"));
  }

  @Test
  void emptyInputIsNotAPatch() {
    assertThatThrownBy(() -> Patch.parse("  ")).isInstanceOf(InvalidPatchException.class);
  }

  @Test
  void numbersCompareByValueInTest() {
    assertThat(apply("{'a':1}", "[{'op':'test','path':'/a','value':1.0}]")).isEqualTo(doc("{'a':1}"));
    assertThat(apply("{'a':{'x':[1,2]}}", "[{'op':'test','path':'/a','value':{'x':[1.0,2]}}]"))
        .isEqualTo(doc("{'a':{'x':[1,2]}}"));
  }

  @Test
  void addAndReplaceAtTheRootReplaceTheDocument() {
    assertThat(apply("{'a':1}", "[{'op':'add','path':'','value':[1,2]}]")).isEqualTo(doc("[1,2]"));
    assertThat(apply("{'a':1}", "[{'op':'replace','path':'','value':{'b':2}}]")).isEqualTo(doc("{'b':2}"));
    assertThatThrownBy(() -> apply("{'a':1}", "[{'op':'remove','path':''}]"))
        .isInstanceOf(PatchFailedException.class);
  }

  @Test
  void copyDoesNotAliasLaterEdits() {
    ContextDocument out = apply("{'a':{'b':{'c':1}}}",
        "[{'op':'add','path':'/a/b/d','value':2},{'op':'copy','from':'/a','path':'/x'},"
            + "{'op':'add','path':'/x/b/e','value':3},{'op':'remove','path':'/a/b/c'}]");
    assertThat(out).isEqualTo(doc("{'a':{'b':{'d':2}},'x':{'b':{'c':1,'d':2,'e':3}}}"));
  }

  @Test
  void theFailingOperationIsNamed() {
    assertThatThrownBy(() -> apply("{'a':1}", "[{'op':'add','path':'/b','value':1},{'op':'remove','path':'/c'}]"))
        .isInstanceOfSatisfying(PatchFailedException.class, e -> {
          assertThat(e.operationIndex()).isEqualTo(1);
          assertThat(e.path()).isEqualTo("/c");
        });
  }
}
