"""The demo database that scripts/test installs, seen over HTTP as users see it."""

import urllib.request

from conftest import DB


def test_login_page_is_served(odoo_url):
    with urllib.request.urlopen(f"{odoo_url}/web/login?db={DB}", timeout=30) as resp:
        body = resp.read().decode()
    assert resp.status == 200
    assert 'name="login"' in body and 'name="password"' in body


def test_admin_sees_the_demo_complex(rpc):
    rpc.login("admin", "admin")
    reply = rpc.call_kw(
        "sports.venue",
        "search_read",
        [[("code", "=", "CSC")]],
        {"fields": ["name", "space_count", "device_count", "tz"]},
    )
    venue = reply["result"][0]
    assert venue["name"] == "南京市体育中心"
    assert venue["tz"] == "Asia/Shanghai"
    assert venue["space_count"] >= 29 and venue["device_count"] >= 30


def test_arena_menu_is_translated_in_chinese(rpc):
    rpc.login("admin", "admin")
    reply = rpc.call_kw(
        "ir.ui.menu",
        "search_read",
        [[("name", "=", "Venues")]],
        {"fields": ["name"], "context": {"lang": "zh_CN"}},
    )
    names = {m["name"] for m in reply["result"]}
    assert "场馆" in names


def test_district_bureau_reads_its_venues_and_cannot_write(rpc):
    rpc.login("bureau.xuanwu", "bureau.xuanwu")
    reply = rpc.call_kw("sports.venue", "search_read", [[]], {"fields": ["name", "company_id"]})
    names = sorted(v["name"] for v in reply["result"])
    assert names == sorted(["南京市体育中心", "玄武全民健身中心"])
    venue_id = reply["result"][0]["id"]
    denied = rpc.call_kw("sports.venue", "write", [[venue_id], {"name": "改名"}])
    assert denied["error"]["data"]["name"] == "odoo.exceptions.AccessError"


def test_bad_input_is_a_clear_error_not_a_traceback(rpc):
    rpc.login("admin", "admin")
    reply = rpc.call_kw("sports.venue", "create", [{"name": "X", "code": "BAD CODE!"}])
    error = reply["error"]["data"]
    assert error["name"] == "odoo.exceptions.ValidationError"
    assert "Venue code" in error["message"]
