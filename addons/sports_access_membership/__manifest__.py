{
    "name": "Arena: Member Card Gate Passes",
    "summary": "Member cards open the gates: card UID and QR, daily cap, entries recorded on "
    "the card's ledger, stored-value cards pay each entry and owe what they could not pay",
    "version": "19.0.1.1.0",
    "category": "Services/Arena",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": ["sports_access", "sports_membership", "account"],
    "data": [
        "security/ir.model.access.csv",
        "security/rules.xml",
        "data/product_data.xml",
        "views/sports_access_entitlement_views.xml",
        "views/sports_card_arrear_views.xml",
    ],
    "post_init_hook": "post_init_hook",
    "auto_install": True,
    "installable": True,
}
