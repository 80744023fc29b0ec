{
    "name": "Arena: Class Packs and Card Payment for Training",
    "summary": "Class packs (课时卡) as count cards limited to course sessions, and paying enrolments by member card",
    "version": "19.0.1.0.0",
    "category": "Services/Arena",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": ["sports_training", "sports_membership"],
    "data": [
        "security/ir.model.access.csv",
        "views/sports_training_membership_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
