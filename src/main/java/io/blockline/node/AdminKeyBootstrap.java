package io.blockline.node;

import io.blockline.bus.KeyBusApi;
import io.blockline.store.KeyStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * The first key of a server that turns authentication on: when no active admin key exists, one
 * is created and written to {@code auth.adminKeyFile} (owner-only permissions), never logged.
 * With it an operator creates the real keys ({@code POST /v1/keys}) and may then revoke it.
 */
public final class AdminKeyBootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(AdminKeyBootstrap.class);

  private AdminKeyBootstrap() {
  }

  public static Future<Void> ensure(Vertx vertx, Pool pool, Path file) {
    return KeyStore.anyActiveAdmin(pool).compose(found -> {
      if (found) {
        return Future.succeededFuture();
      }
      JsonObject request = new JsonObject().put("owner", "admin").put("scopes", new JsonArray().add("admin"))
          .put("name", "bootstrap key written to " + file);
      return new KeyBusApi(pool).create(request).compose(key -> write(vertx, file, key.getString("key"))
          .onSuccess(v -> LOG.warn("authentication is on and no admin key existed: created key {} in {} (owner-only file);"
              + " use it to create keys (POST /v1/keys), then revoke it", key.getString("prefix"), file.toAbsolutePath())));
    });
  }

  private static Future<Void> write(Vertx vertx, Path file, String key) {
    Path parent = file.toAbsolutePath().getParent();
    var fs = vertx.fileSystem();
    return fs.mkdirs(parent.toString())
        .compose(v -> fs.exists(file.toString()))
        .compose(exists -> exists ? fs.delete(file.toString()) : Future.succeededFuture())
        .compose(v -> fs.createFile(file.toString(), "rw-------"))
        .compose(v -> fs.open(file.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true)))
        .compose(f -> f.write(Buffer.buffer(key + "\n")).compose(v -> f.close()));
  }
}
