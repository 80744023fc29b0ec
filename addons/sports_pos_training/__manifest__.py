{
    "name": "Arena: Enrolment at the Front Desk",
    "summary": "Enrol members and children in courses from the POS front desk",
    "version": "19.0.1.0.0",
    "category": "Services/Arena",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": ["sports_training", "sports_pos"],
    "data": [],
    "demo": ["demo/sports_pos_training_demo.xml"],
    "assets": {
        "point_of_sale._assets_pos": ["sports_pos_training/static/src/**/*"],
        "web.assets_tests": ["sports_pos_training/static/tests/tours/*.js"],
    },
    "auto_install": True,
    "installable": True,
}
