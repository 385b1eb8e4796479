package dev.sharedcontext.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonOutTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void writesEveryKindOfTreeAsTheMapperWould() throws Exception {
    JsonNode tree = MAPPER.readTree("""
        {"s":"t\\u00e9\\"x","i":-3,"l":9007199254740993,"d":1.5e-7,"b":true,"n":null,
         "a":[[],{},[1,"2",false]],"o":{"k":{"k":[null]}}}""");
    ObjectNode extra = (ObjectNode) tree;
    extra.put("big", new BigInteger("123456789012345678901234567890"));
    extra.put("dec", new BigDecimal("0.100000000000000000000001"));
    extra.set("id", JsonNodeFactory.instance.numberNode(7));
    String written = new String(JsonOut.bytes().startObject().tree("t", tree).endObject().toByteArray(),
        StandardCharsets.UTF_8);
    assertEquals(MAPPER.writeValueAsString(MAPPER.createObjectNode().set("t", tree)), written);
  }
}
