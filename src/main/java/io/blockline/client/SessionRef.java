package io.blockline.client;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/** A stored session: its token, its status at submit and its blocks' tokens by id. */
public record SessionRef(String token, String status, Map<String, String> blockTokens) {

  static SessionRef from(JsonObject receipt) {
    Map<String, String> blocks = new LinkedHashMap<>();
    receipt.getJsonArray("blocks").forEach(b -> {
      JsonObject block = (JsonObject) b;
      blocks.put(block.getString("id"), block.getString("token"));
    });
    return new SessionRef(receipt.getString("token"), receipt.getString("status"), Map.copyOf(blocks));
  }

  /** The token of the block with this id. */
  public String block(String id) {
    return blockTokens.get(id);
  }
}
