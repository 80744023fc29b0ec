{
    "name": "Arena: Dashboards",
    "summary": "Spreadsheet dashboards for venue managers and sports bureaus",
    "version": "19.0.1.0.0",
    "category": "Services/Arena",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": ["sports_regulatory", "spreadsheet_dashboard"],
    "data": [
        "security/ir.model.access.csv",
    ],
    "installable": True,
    "auto_install": False,
}
