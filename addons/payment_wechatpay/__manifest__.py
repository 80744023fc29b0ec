{
    "name": "Payment Provider: WeChat Pay",
    "summary": "WeChat Pay (API v3) online: Native QR code, H5 and JSAPI, refunds, query and reconcile",
    "version": "19.0.1.0.0",
    "category": "Accounting/Payment Providers",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": ["payment"],
    "external_dependencies": {"python": ["wechatpayv3"]},
    "data": [
        "views/payment_wechatpay_templates.xml",
        "views/payment_provider_views.xml",
        "data/payment_provider_data.xml",
        "data/ir_cron_data.xml",
    ],
    "assets": {
        "web.assets_frontend": ["payment_wechatpay/static/src/interactions/*.js"],
        "web.assets_tests": ["payment_wechatpay/static/tests/tours/*.js"],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
