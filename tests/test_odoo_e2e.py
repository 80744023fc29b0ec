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
    found = rpc.call_kw(
        "ir.model.data",
        "search_read",
        [[("module", "=", "sports_venue"), ("name", "=", "menu_sports_venue")]],
        {"fields": ["res_id"]},
    )
    menu_id = found["result"][0]["res_id"]
    english = rpc.call_kw(
        "ir.ui.menu", "read", [[menu_id], ["name"]], {"context": {"lang": "en_US"}}
    )
    chinese = rpc.call_kw(
        "ir.ui.menu", "read", [[menu_id], ["name"]], {"context": {"lang": "zh_CN"}}
    )
    assert english["result"][0]["name"] == "Venues"
    assert chinese["result"][0]["name"] == "场馆"


def test_district_bureau_reads_its_venues_and_cannot_write(rpc):
    rpc.login("bureau.xuanwu", "bureau.xuanwu")
    reply = rpc.call_kw("sports.venue", "search_read", [[]], {"fields": ["name", "company_id"]})
    names = sorted(v["name"] for v in reply["result"])
    assert names == sorted(["南京市体育中心", "玄武全民健身中心"])
    venue_id = reply["result"][0]["id"]
    denied = rpc.call_kw("sports.venue", "write", [[venue_id], {"name": "改名"}])
    assert denied["error"]["data"]["name"] == "odoo.exceptions.AccessError"


def test_bad_input_is_a_clear_error_in_the_users_language(rpc):
    rpc.login("admin", "admin")
    for lang, expected in (
        ("en_US", "Venue code BAD CODE! is invalid"),
        ("zh_CN", "场馆代码 BAD CODE! 无效"),
    ):
        reply = rpc.call_kw(
            "sports.venue",
            "create",
            [{"name": "X", "code": "BAD CODE!"}],
            {"context": {"lang": lang}},
        )
        error = reply["error"]["data"]
        assert error["name"] == "odoo.exceptions.ValidationError"
        assert expected in error["message"]
        assert "Traceback" not in error["message"]
    # Nothing was half-created.
    reply = rpc.call_kw("sports.venue", "search_count", [[("name", "=", "X")]])
    assert reply["result"] == 0
