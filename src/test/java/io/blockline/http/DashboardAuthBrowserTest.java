package io.blockline.http;

import io.blockline.testsupport.AdminKeys;
import io.blockline.testsupport.Api;
import io.blockline.testsupport.Browser;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard on a node with auth.enabled: a refused call asks for a key, the key (kept in the
 * tab only) goes on every call, and the live stream is read with it. A real headless Chromium.
 */
class DashboardAuthBrowserTest {
  private static final Path KEY_FILE = AdminKeys.freshFile();

  @RegisterExtension
  static final TestServer node = TestServer.perClass(new JsonObject().put("auth.enabled", true)
      .put("auth.adminKeyFile", KEY_FILE.toString()));
  static final Api api = node.api();
  static Browser browser;

  @BeforeAll
  static void openBrowser() {
    browser = Browser.start();
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void a_key_given_once_opens_every_page_and_the_live_stream() throws Exception {
    String admin = AdminKeys.read(KEY_FILE);
    Api.Response submitted = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/v1/sessions"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + admin)
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("name", "keyed").put("executionTime", "ON_REQUEST")
            .put("blocks", new JsonArray().add(new JsonObject().put("id", "a")
                .put("handler", new JsonObject().put("type", "builtin").put("name", "noop")))).encode())));
    assertThat(submitted.status()).isEqualTo(201);
    String token = submitted.json().getString("token");

    browser.open(api.base() + "/ui/#/sessions");
    browser.find("#key-dialog[open]");
    assertThat(browser.text("#key-reason")).contains("API key is required");
    browser.screenshot("key-dialog");
    browser.find("#key-input").sendKeys(admin);
    browser.click("#key-save");

    browser.find("tr[data-token='" + token + "']");
    assertThat(browser.text("#key-prefix")).isEqualTo(admin.split("_")[0] + "_" + admin.split("_")[1]);
    browser.click("tr[data-token='" + token + "'] a");
    browser.awaitText("#session-status", "STANDBY");
    browser.until(d -> browser.text("#connection").equals("live") ? Boolean.TRUE : null, "the event stream, read with the key");

    api.send(HttpRequest.newBuilder(URI.create(api.base() + "/v1/sessions/" + token + "/run"))
        .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.noBody()));
    browser.awaitText("#session-status", "SUCCESS");
    browser.screenshot("keyed-session");
  }
}
