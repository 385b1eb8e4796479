package dev.sharedcontext.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sharedcontext.core.CompactedException;
import dev.sharedcontext.core.ContextException;
import dev.sharedcontext.core.LimitExceededException;
import dev.sharedcontext.core.PatchFailedException;
import dev.sharedcontext.core.UnauthorizedException;
import dev.sharedcontext.core.VersionConflictException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ContextException map(int status, String body) throws Exception {
    return ErrorMapper.map(status, body == null ? null : JSON.readTree(body), 4);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "409, VERSION_CONFLICT, VersionConflictException",
      "412, PRECONDITION_FAILED, VersionConflictException",
      "404, NOT_FOUND, NotFoundException",
      "413, TOO_LARGE, LimitExceededException",
      "429, LIMIT_EXCEEDED, LimitExceededException",
      "401, UNAUTHORIZED, UnauthorizedException",
      "403, FORBIDDEN, UnauthorizedException",
      "410, COMPACTED, CompactedException",
      "400, INVALID_INPUT, InvalidInputException",
      "400, INVALID_PATCH, InvalidPatchException",
      "422, PATCH_FAILED, PatchFailedException",
      "504, TIMEOUT, ContextTimeoutException",
      "500, INTERNAL_ERROR, ContextException",
  })
  void byCode(int status, String code, String type) throws Exception {
    ContextException e = map(status, "{\"error\":\"msg\",\"code\":\"" + code + "\",\"statusCode\":" + status + "}");
    assertThat(e.getClass().getSimpleName()).isEqualTo(type);
    assertThat(e.code()).isEqualTo(code.equals("PRECONDITION_FAILED") ? "VERSION_CONFLICT" : code);
  }

  @ParameterizedTest(name = "{0} without a body -> {1}")
  @CsvSource({
      "400, InvalidInputException",
      "401, UnauthorizedException",
      "404, NotFoundException",
      "409, VersionConflictException",
      "413, LimitExceededException",
      "502, ConnectionException",
      "503, ConnectionException",
      "500, ContextException",
  })
  void byStatusWhenTheBodyHasNoCode(int status, String type) throws Exception {
    assertThat(map(status, null).getClass().getSimpleName()).isEqualTo(type);
    assertThat(map(status, "{\"unexpected\":true}").getClass().getSimpleName()).isEqualTo(type);
  }

  @Test
  void conflictCarriesVersionsAndPaths() throws Exception {
    VersionConflictException e = (VersionConflictException) map(409, "{\"error\":\"conflict at /a\","
        + "\"code\":\"VERSION_CONFLICT\",\"statusCode\":409,\"currentVersion\":9,\"conflictingPaths\":[\"/a\",\"/b\"]}");
    assertThat(e.baseVersion()).isEqualTo(4); // not in the body: the request's
    assertThat(e.currentVersion()).isEqualTo(9);
    assertThat(e.conflictingPaths()).containsExactly("/a", "/b");
    assertThat(e.getMessage()).isEqualTo("conflict at /a");
  }

  @Test
  void limitAndCompactedAndPatchFailedCarryTheirFields() throws Exception {
    LimitExceededException l = (LimitExceededException) map(413, "{\"error\":\"too big\",\"code\":\"TOO_LARGE\","
        + "\"statusCode\":413,\"limit\":1024,\"limitName\":\"maxBodyBytes\"}");
    assertThat(l.limit()).isEqualTo(1024);
    assertThat(l.limitName()).isEqualTo("maxBodyBytes");

    CompactedException c = (CompactedException) map(410, "{\"error\":\"gone\",\"code\":\"COMPACTED\","
        + "\"statusCode\":410,\"requestedVersion\":2,\"oldestAvailable\":50}");
    assertThat(c.requestedVersion()).isEqualTo(2);
    assertThat(c.oldestAvailable()).isEqualTo(50);

    PatchFailedException p = (PatchFailedException) map(422, "{\"error\":\"operation 1 (/x): no such path\","
        + "\"code\":\"PATCH_FAILED\",\"statusCode\":422,\"operationIndex\":1,\"path\":\"/x\"}");
    assertThat(p.operationIndex()).isEqualTo(1);
    assertThat(p.path()).isEqualTo("/x");
    assertThat(p.getMessage()).isEqualTo("operation 1 (/x): no such path");

    UnauthorizedException u = (UnauthorizedException) map(403, "{\"error\":\"no\",\"code\":\"FORBIDDEN\"}");
    assertThat(u.isForbidden()).isTrue();
  }
}
