{
    "name": "Arena: Court Booking at the Front Desk",
    "summary": "Book courts and run timed sessions on a space in the Odoo POS",
    "version": "19.0.1.0.0",
    "category": "Services/Arena",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": ["sports_pos", "sports_booking"],
    "data": [
        "data/product_data.xml",
        "data/sports_timed_space_data.xml",
        "views/product_template_views.xml",
        "views/sports_booking_views.xml",
    ],
    "demo": ["demo/sports_pos_booking_demo.xml"],
    "assets": {
        "point_of_sale._assets_pos": ["sports_pos_booking/static/src/**/*"],
        "web.assets_tests": ["sports_pos_booking/static/tests/tours/*.js"],
    },
    "auto_install": True,
    "installable": True,
}
