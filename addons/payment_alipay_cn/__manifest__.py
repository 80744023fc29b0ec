{
    "name": "Payment Provider: Alipay (China)",
    "summary": "Alipay for mainland China: page and WAP pay, refunds, reconciliation, "
    "and the desk payment code (trade.pay)",
    "version": "19.0.1.0.0",
    "category": "Accounting/Payment Providers",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": ["payment"],
    "external_dependencies": {"python": ["python-alipay-sdk", "cryptography", "requests"]},
    "data": [
        "views/payment_alipay_cn_templates.xml",
        "views/payment_provider_views.xml",
        "data/payment_provider_data.xml",
        "data/ir_cron_data.xml",
    ],
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
