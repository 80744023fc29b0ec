{
    "name": "Arena: Events in the Regulation Statistics",
    "summary": "Events and free events held at venues in the daily venue statistics",
    "version": "19.0.1.0.0",
    "category": "Services/Arena",
    "author": "Arena contributors",
    "website": "https://github.com/arena-sports/arena",
    "license": "LGPL-3",
    "depends": ["sports_event", "sports_regulatory"],
    "data": [],
    "auto_install": True,
    "installable": True,
}
