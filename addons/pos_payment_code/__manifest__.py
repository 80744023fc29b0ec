{
    "name": "POS Payment Code",
    "summary": "Take WeChat Pay and Alipay payment codes at the POS through the payment providers",
    "version": "19.0.1.0.0",
    "category": "Sales/Point of Sale",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": ["point_of_sale", "payment"],
    "data": [
        "security/ir.model.access.csv",
        "security/pos_payment_code_security.xml",
        "data/ir_cron_data.xml",
        "views/pos_payment_code_trade_views.xml",
        "views/pos_payment_method_views.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": ["pos_payment_code/static/src/**/*"],
        "web.assets_tests": ["pos_payment_code/static/tests/tours/*.js"],
    },
    "installable": True,
}
