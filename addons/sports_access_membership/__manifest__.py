{
    "name": "Arena: Member Card Gate Passes",
    "summary": "Count and period member cards open the gates: card UID and QR, daily cap, "
    "entries recorded on the card's ledger",
    "version": "19.0.1.0.0",
    "category": "Services/Arena",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": ["sports_access", "sports_membership"],
    "data": ["views/sports_access_entitlement_views.xml"],
    "post_init_hook": "post_init_hook",
    "auto_install": True,
    "installable": True,
}
