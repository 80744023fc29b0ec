{
    "name": "Arena: Front Desk in the POS",
    "summary": "Sell tickets at the front desk in the Odoo POS, with one QR per ticket on "
    "the receipt and refunds that revoke them",
    "version": "19.0.1.0.0",
    "category": "Services/Arena",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": ["point_of_sale", "sports_access"],
    "data": [
        "security/ir.model.access.csv",
        "security/sports_timed_rules.xml",
        "views/pos_config_views.xml",
        "views/res_config_settings_views.xml",
        "views/sports_timed_item_views.xml",
        "views/sports_timed_session_views.xml",
    ],
    "demo": ["demo/sports_pos_demo.xml", "demo/sports_timed_demo.xml"],
    "assets": {
        "point_of_sale._assets_pos": ["sports_pos/static/src/**/*"],
        "web.assets_tests": ["sports_pos/static/tests/tours/*.js"],
    },
    "installable": True,
}
