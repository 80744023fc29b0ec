{
    "name": "Arena: Regulation and Member Cards",
    "summary": "Member card types carry an audience and a fee level for the regulators' "
    "free and low-fee visitors; card sales count as card revenue in the daily statistics",
    "version": "19.0.1.0.0",
    "category": "Services/Arena",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": ["sports_regulatory", "sports_access_membership"],
    "data": ["views/sports_card_type_views.xml"],
    "auto_install": True,
    "installable": True,
}
