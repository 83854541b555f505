"""OAuth: consent page, approve/deny, token exchange, refresh rotation, error shapes."""

from __future__ import annotations

from .helpers import (
    CALLBACK,
    authorize,
    component_headers,
    exchange,
    hidden_fields,
    http,
    refresh,
)


def test_consent_page_is_bilingual_with_form(sandbox):
    with http(sandbox) as c:
        r = c.get("/oauth/authorize", params={"client_id": sandbox.info["client_id"],
                                              "redirect_uri": CALLBACK,
                                              "response_type": "code", "state": "s1"})
    assert r.status_code == 200
    assert "text/html" in r.headers["content-type"]
    assert "السماح" in r.text and "Allow" in r.text
    assert '<form method="post" action="/oauth/authorize">' in r.text
    assert 'id="approve" name="decision" value="approve"' in r.text
    assert 'id="deny" name="decision" value="deny"' in r.text
    assert hidden_fields(r.text) == {"client_id": sandbox.info["client_id"],
                                     "redirect_uri": CALLBACK, "response_type": "code",
                                     "state": "s1"}


def test_approve_then_exchange_gives_working_tokens(sandbox):
    with http(sandbox) as c:
        q = authorize(c, sandbox, state="abc 123")
        assert q["state"] == ["abc 123"]
        r = exchange(c, sandbox, q["code"][0])
        assert r.status_code == 200, r.text
        tokens = r.json()
        assert set(tokens) >= {"access_token", "Authorization", "refresh_token", "expires_in"}
        assert tokens["expires_in"] == 31536000 or tokens["expires_in"] >= 31535990
        assert tokens["token_type"] == "Bearer"
        p = c.get("/v1/products/", headers=component_headers(tokens, sandbox.info["store_id"]))
        assert p.status_code == 200


def test_token_endpoint_accepts_json_body(sandbox):
    with http(sandbox) as c:
        q = authorize(c, sandbox)
        r = exchange(c, sandbox, q["code"][0], as_json=True)
        assert r.status_code == 200, r.text


def test_deny_redirects_with_access_denied(sandbox):
    with http(sandbox) as c:
        q = authorize(c, sandbox, decision="deny", state="st")
    assert q == {"error": ["access_denied"], "state": ["st"]}


def test_unknown_client_and_unregistered_redirect_never_redirect(sandbox):
    with http(sandbox) as c:
        r = c.get("/oauth/authorize", params={"client_id": "nope", "redirect_uri": CALLBACK,
                                              "response_type": "code"})
        assert r.status_code == 400 and "location" not in r.headers
        r = c.get("/oauth/authorize", params={"client_id": sandbox.info["client_id"],
                                              "redirect_uri": "http://evil.example/cb",
                                              "response_type": "code"})
        assert r.status_code == 400 and "location" not in r.headers
        # the POST is checked again (a forged form)
        r = c.post("/oauth/authorize", data={"client_id": sandbox.info["client_id"],
                                             "redirect_uri": CALLBACK + "/", "decision": "approve",
                                             "response_type": "code"})
        assert r.status_code == 400 and "location" not in r.headers


def test_extra_redirect_uri_can_be_registered(sandbox_factory):
    relay = "https://relay.example.com/zid/callback"
    sb = sandbox_factory(redirect_uris=[relay])
    assert sb.info["redirect_uris"] == [CALLBACK, relay]
    with http(sb) as c:
        q = authorize(c, sb, redirect_uri=relay)
        assert exchange(c, sb, q["code"][0], redirect_uri=relay).status_code == 200


def test_wrong_client_secret_is_invalid_client(sandbox):
    with http(sandbox) as c:
        q = authorize(c, sandbox)
        r = c.post("/oauth/token", data={"grant_type": "authorization_code",
                                         "client_id": sandbox.info["client_id"],
                                         "client_secret": "wrong", "code": q["code"][0],
                                         "redirect_uri": CALLBACK})
    assert r.status_code == 401
    assert r.json()["error"] == "invalid_client"


def test_code_is_single_use(sandbox):
    with http(sandbox) as c:
        code = authorize(c, sandbox)["code"][0]
        assert exchange(c, sandbox, code).status_code == 200
        r = exchange(c, sandbox, code)
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"


def test_code_expires_after_ten_minutes(sandbox):
    with http(sandbox) as c:
        code = authorize(c, sandbox)["code"][0]
        sandbox.control.advance_clock(601)
        r = exchange(c, sandbox, code)
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"


def test_injectable_clock_expires_code(sandbox):
    with http(sandbox) as c:
        code = authorize(c, sandbox)["code"][0]
        real = sandbox.state.clock
        sandbox.state.clock = lambda: real() + 3600
        r = exchange(c, sandbox, code)
    assert r.json()["error"] == "invalid_grant"


def test_redirect_uri_must_match_the_authorize_one(sandbox_factory):
    other = "http://127.0.0.1:9999/cb"
    sb = sandbox_factory(redirect_uris=[other])
    with http(sb) as c:
        code = authorize(c, sb)["code"][0]
        r = exchange(c, sb, code, redirect_uri=other)
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"


def test_refresh_rotates_and_invalidates_old_tokens(sandbox):
    old = sandbox.info["tokens"]
    store = sandbox.info["store_id"]
    with http(sandbox) as c:
        r = refresh(c, sandbox, old["refresh_token"])
        assert r.status_code == 200, r.text
        new = r.json()
        assert new["refresh_token"] != old["refresh_token"]
        assert new["access_token"] != old["access_token"]
        assert c.get("/v1/products/", headers=component_headers(new, store)).status_code == 200
        stale = c.get("/v1/products/", headers=component_headers(old, store))
        assert stale.status_code == 401 and "detail" in stale.json()
        again = refresh(c, sandbox, old["refresh_token"])
        assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


def test_refresh_requires_registered_redirect_uri_and_client(sandbox):
    rt = sandbox.info["tokens"]["refresh_token"]
    with http(sandbox) as c:
        assert refresh(c, sandbox, rt, redirect_uri=None).status_code == 400
        bad = refresh(c, sandbox, rt, redirect_uri="http://127.0.0.1:1/other")
        assert bad.status_code == 400 and bad.json()["error"] == "invalid_grant"
        assert refresh(c, sandbox, rt, secret="nope").json()["error"] == "invalid_client"
        # none of those consumed the refresh token
        assert refresh(c, sandbox, rt).status_code == 200


def test_expire_and_revoke_controls(sandbox):
    tokens = sandbox.info["tokens"]
    store = sandbox.info["store_id"]
    with http(sandbox) as c:
        assert sandbox.control.expire_tokens() >= 1
        r = c.get("/v1/products/", headers=component_headers(tokens, store))
        assert r.status_code == 401
        new = refresh(c, sandbox, tokens["refresh_token"]).json()
        assert c.get("/v1/products/", headers=component_headers(new, store)).status_code == 200
        sandbox.control.revoke_tokens()
        assert c.get("/v1/products/", headers=component_headers(new, store)).status_code == 401
        r = refresh(c, sandbox, new["refresh_token"])
        assert r.status_code == 400 and r.json()["error"] == "invalid_grant"


def test_unsupported_grant_type(sandbox):
    with http(sandbox) as c:
        r = c.post("/oauth/token", data={"grant_type": "password"})
    assert r.status_code == 400 and r.json()["error"] == "unsupported_grant_type"


def test_client_credentials_by_http_basic(sandbox):
    with http(sandbox) as c:
        code = authorize(c, sandbox)["code"][0]
        r = c.post("/oauth/token", data={"grant_type": "authorization_code", "code": code,
                                         "redirect_uri": CALLBACK},
                   auth=(sandbox.info["client_id"], sandbox.info["client_secret"]))
    assert r.status_code == 200, r.text
