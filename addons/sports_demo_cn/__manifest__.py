{
    "name": "Arena: Demo of 南京市体育中心 (China)",
    "summary": "Demo only: the demo operators keep their books in CNY on l10n_cn, the demo "
    "payment provider is published, and the website is branded for 南京市体育中心",
    "version": "19.0.1.0.0",
    "category": "Services/Arena",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    # Demo only. Nothing in Arena depends on this addon, and it installs no data of its
    # own outside demo data. l10n_cn (and l10n_cn_city) are NOT dependencies: Arena never
    # forces a chart. scripts/run and scripts/test install them next to the Arena addons;
    # at the same depth Odoo loads l10n_cn before this addon (modules load by depth, then
    # name), and the demo skips the chart when l10n_cn is missing.
    # The dependencies are kept shallow on purpose: the chart must be switched before the
    # Arena addons create their accounts and entries.
    "depends": ["account", "payment_demo", "website", "sports_venue"],
    "data": [],
    "demo": [
        "demo/res_company_demo.xml",
        "demo/payment_provider_demo.xml",
        "demo/website_demo.xml",
    ],
    "installable": True,
}
