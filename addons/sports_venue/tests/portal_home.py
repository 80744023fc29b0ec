"""The portal home check every Arena addon with a /my entry shares."""

from lxml import etree, html

from odoo.tools import file_open


def assert_portal_home_icon(case, url, module):
    """The /my entry linking to ``url`` shows a small SVG icon of ``module`` (64 px like
    core's entries), not a full-size picture (issue 13 item 6)."""
    response = case.url_open("/my")
    case.assertEqual(response.status_code, 200)
    srcs = html.fromstring(response.content).xpath(
        "//div[contains(@class, 'o_portal_index_card')]/a[@href=$url]"
        "//div[contains(@class, 'o_portal_icon')]/img/@src",
        url=url,
    )
    case.assertEqual(len(srcs), 1, f"one /my entry with an icon for {url}")
    src = srcs[0]
    case.assertTrue(src.startswith(f"/{module}/static/"), src)
    case.assertTrue(src.endswith(".svg"), src)
    with file_open(src.lstrip("/"), "rb") as svg_file:
        svg = etree.fromstring(svg_file.read())
    case.assertEqual(etree.QName(svg).localname, "svg", src)
    case.assertEqual((svg.get("width"), svg.get("height")), ("64", "64"), src)
    case.assertEqual(case.url_open(src).status_code, 200, src)
