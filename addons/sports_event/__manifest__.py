{
    "name": "Arena: Events at Venues",
    "summary": "Tournaments and events (赛事报名) on Odoo Events: the event blocks its spaces "
    "through the booking engine, each registration gets a signed QR gate pass for the event's "
    "days, team registration, and gate check-in marks attendees",
    "version": "19.0.1.0.0",
    "category": "Services/Arena",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": [
        "event",
        "website_event",
        "sports_booking",
        "sports_access",
        # The ticket price that makes an event free or paid (auto-installed with event).
        "event_product",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/sports_event_rules.xml",
        "views/event_event_views.xml",
        "views/sports_event_team_views.xml",
        "views/menus.xml",
        "views/portal_templates.xml",
        "views/website_templates.xml",
    ],
    "demo": [
        "demo/sports_event_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": ["sports_event/static/src/portal/**/*"],
        "web.assets_tests": ["sports_event/static/tests/tours/*.js"],
    },
    "installable": True,
}
