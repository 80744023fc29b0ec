{
    "name": "Arena: Booking Gate Passes",
    "summary": "A confirmed court booking opens its area's gates with a signed QR; "
    "booked courts' lights in the proxy's sync",
    "version": "19.0.1.0.0",
    "category": "Services/Arena",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": ["sports_access", "sports_booking"],
    "data": [
        "data/mail_template_data.xml",
        "views/sports_access_entitlement_views.xml",
        "views/sports_access_point_views.xml",
        "views/sports_booking_scan_views.xml",
        "views/portal_templates.xml",
    ],
    "demo": ["demo/sports_access_booking_demo.xml"],
    "assets": {
        "web.assets_backend": ["sports_access_booking/static/src/desk_scan/**/*"],
        "web.assets_tests": ["sports_access_booking/static/tests/tours/desk_scan*.js"],
    },
    "post_init_hook": "post_init_hook",
    "auto_install": True,
    "installable": True,
}
