{
    "name": "Arena: Member Cards for Court Booking",
    "summary": "Pay court bookings with member cards; member prices for card holders",
    "version": "19.0.1.0.0",
    "category": "Services/Arena",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": ["sports_membership", "sports_booking"],
    "data": [
        "views/sports_card_type_views.xml",
        "views/portal_templates.xml",
    ],
    "demo": ["demo/sports_card_type_demo.xml"],
    "assets": {
        "web.assets_tests": ["sports_membership_booking/static/tests/tours/*.js"],
    },
    "auto_install": True,
    "installable": True,
}
