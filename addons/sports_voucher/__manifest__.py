{
    "name": "Arena: Sports-Consumption Vouchers",
    "summary": "Bureau voucher campaigns (体育消费券): real-name claims under load, redemption "
    "at portal checkout and at the desk, verification (核销), anti-fraud review and subsidy "
    "claims settled between the venue's and the bureau's books",
    "version": "19.0.1.0.0",
    "category": "Services/Arena",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": ["sports_regulatory", "sports_pos", "sports_booking", "sms"],
    "external_dependencies": {"python": ["xlsxwriter", "phonenumbers"]},
    "data": [
        "security/groups.xml",
        "security/ir.model.access.csv",
        "security/sports_voucher_rules.xml",
        "data/ir_sequence_data.xml",
        "data/product_data.xml",
        "data/ir_cron_data.xml",
        "views/sports_voucher_campaign_views.xml",
        "views/sports_voucher_views.xml",
        "views/sports_voucher_redemption_views.xml",
        "views/sports_voucher_flag_views.xml",
        "views/sports_voucher_subsidy_claim_views.xml",
        "views/res_partner_views.xml",
        "views/menus.xml",
    ],
    "demo": [],
    "assets": {
        "point_of_sale._assets_pos": ["sports_voucher/static/src/pos/**/*"],
        "web.assets_tests": ["sports_voucher/static/tests/tours/*.js"],
    },
    "installable": True,
}
