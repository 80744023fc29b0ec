{
    "name": "Arena: Member Cards at the Front Desk",
    "summary": "Sell member cards, top them up and take card payments in the Odoo POS",
    "version": "19.0.1.0.0",
    "category": "Services/Arena",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": ["sports_pos", "sports_membership"],
    "data": [
        "data/barcode_rule_data.xml",
        "views/res_company_topup_views.xml",
    ],
    "demo": ["demo/sports_pos_membership_demo.xml"],
    "assets": {
        "point_of_sale._assets_pos": ["sports_pos_membership/static/src/**/*"],
        "web.assets_tests": ["sports_pos_membership/static/tests/tours/*.js"],
    },
    "post_init_hook": "post_init_hook",
    "auto_install": True,
    "installable": True,
}
