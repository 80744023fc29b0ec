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
        "views/portal_templates.xml",
    ],
    "demo": ["demo/sports_access_booking_demo.xml"],
    "post_init_hook": "post_init_hook",
    "auto_install": True,
    "installable": True,
}
