package io.blockline.auth;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysTest {
  @Test
  void a_new_key_matches_its_hash_and_names_its_prefix() {
    ApiKeys.NewKey key = ApiKeys.generate();
    assertThat(key.key()).matches("blk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}");
    assertThat(ApiKeys.prefixOf(key.key())).isEqualTo(key.prefix());
    assertThat(ApiKeys.matches(key.key(), key.hash())).isTrue();
    assertThat(ApiKeys.matches(key.key() + "x", key.hash())).isFalse();
    assertThat(ApiKeys.matches(ApiKeys.generate().key(), key.hash())).isFalse();
    assertThat(ApiKeys.generate().key()).isNotEqualTo(key.key());
  }

  @Test
  void text_not_shaped_like_a_key_has_no_prefix() {
    assertThat(ApiKeys.prefixOf(null)).isNull();
    assertThat(ApiKeys.prefixOf("secret")).isNull();
    assertThat(ApiKeys.prefixOf("blk_0123abcd_short")).isNull();
    assertThat(ApiKeys.prefixOf("blk_0123ABCD_" + "a".repeat(43))).isNull();
  }

  @Test
  void scopes_parse_by_name_and_admin_implies_the_others() {
    assertThat(Scope.parse(List.of("read", " SUBMIT "))).containsExactlyInAnyOrder(Scope.READ, Scope.SUBMIT);
    assertThatThrownBy(() -> Scope.parse(List.of("write"))).hasMessageContaining("unknown scope 'write'");
    assertThatThrownBy(() -> Scope.parse(List.of())).hasMessageContaining("at least one scope");
    Caller admin = new Caller("ops", Set.of(Scope.ADMIN), "00000000");
    Caller reader = new Caller("alice", Set.of(Scope.READ), "00000001");
    assertThat(admin.may(Scope.SUBMIT)).isTrue();
    assertThat(reader.may(Scope.READ)).isTrue();
    assertThat(reader.may(Scope.SUBMIT)).isFalse();
  }

  @Test
  void reads_need_read_writes_need_submit_keys_need_admin() {
    assertThat(RouteScopes.needed("GET", "/v1/sessions")).isEqualTo(Scope.READ);
    assertThat(RouteScopes.needed("GET", "/v1/sessions/abc/events")).isEqualTo(Scope.READ);
    assertThat(RouteScopes.needed("POST", "/v1/sessions")).isEqualTo(Scope.SUBMIT);
    assertThat(RouteScopes.needed("DELETE", "/v1/sessions/abc")).isEqualTo(Scope.SUBMIT);
    assertThat(RouteScopes.needed("POST", "/v1/blocks/abc/replay")).isEqualTo(Scope.SUBMIT);
    assertThat(RouteScopes.needed("GET", "/v1/keys")).isEqualTo(Scope.ADMIN);
    assertThat(RouteScopes.needed("DELETE", "/v1/keys/0123abcd")).isEqualTo(Scope.ADMIN);
    assertThat(RouteScopes.needed("GET", "/v1/keysandmore")).isEqualTo(Scope.READ);
  }
}
