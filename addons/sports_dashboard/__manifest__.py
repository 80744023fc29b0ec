{
    "name": "Arena: Dashboards",
    "summary": "Spreadsheet dashboards for venue managers and sports bureaus",
    "version": "19.0.1.0.0",
    "category": "Services/Arena",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    # sports_membership: the manager's dashboard charts member cards issued per month
    # (it adds no dependency that sports_booking does not already pull in).
    "depends": ["sports_regulatory", "sports_membership", "spreadsheet_dashboard"],
    "data": [
        "security/ir.model.access.csv",
        "security/sports_dashboard_rules.xml",
        "data/dashboards.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sports_dashboard/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "auto_install": False,
}
