{
    "name": "Arena: Sales Base",
    "summary": "What Arena sells through Odoo sales: types sold as products, prepaid portal orders",
    "version": "19.0.1.0.0",
    "category": "Services/Arena",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": ["sports_venue", "sale", "portal", "payment"],
    "data": ["views/pay_at_desk_templates.xml", "views/sale_portal_templates.xml"],
    "assets": {
        # Tour steps the selling addons share (paying an order with the demo provider).
        "web.assets_tests": ["sports_sale/static/tests/tours/*.js"],
    },
    "installable": True,
}
