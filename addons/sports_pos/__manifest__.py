{
    "name": "Arena: Front Desk in the POS",
    "summary": "Sell tickets, goods from stock and rentals with deposit at the front desk in "
    "the Odoo POS, with one QR per ticket on the receipt and refunds that revoke them",
    "version": "19.0.1.1.0",
    "category": "Services/Arena",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": ["point_of_sale", "sports_access"],
    "external_dependencies": {"python": ["arena-access"]},
    "data": [
        "data/barcode_rule_data.xml",
        "views/pos_config_views.xml",
        "views/pos_order_line_views.xml",
        "views/product_template_views.xml",
        "views/res_config_settings_views.xml",
        "views/sports_ticket_type_views.xml",
        "views/sports_venue_views.xml",
    ],
    "demo": ["demo/sports_pos_demo.xml", "demo/sports_pos_desk_demo.xml"],
    "assets": {
        "point_of_sale._assets_pos": ["sports_pos/static/src/**/*"],
        "web.assets_tests": ["sports_pos/static/tests/tours/*.js"],
    },
    "installable": True,
}
