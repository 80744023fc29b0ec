"""The rights table's rows of sports_regulatory's reports (see ``public_methods``)."""

from .public_methods_base import Method, _no_args


def _subsidy_report(fx):
    """A subsidy report wizard of the fixture venue's company for one year."""
    wizard = fx.env["sports.regulatory.report"].create(
        {
            "company_id": fx.venue.company_id.id,
            "date_from": "2025-01-01",
            "date_to": "2025-12-31",
        }
    )
    return wizard, {}


def _compliance_row(fx):
    """A compliance row of the fixture venue, in a year no demo computes."""
    Compliance = fx.env["sports.compliance"]
    row = Compliance.search([("venue_id", "=", fx.venue.id), ("year", "=", 2001)])
    if not row:
        row = Compliance.create(
            {"venue_id": fx.venue.id, "company_id": fx.venue.company_id.id, "year": 2001}
        )
    return row, {}


def _waste_alert(fx):
    """An energy waste alert at the fixture space, found again on the next call (one alert
    per stretch is UNIQUE)."""
    Alert = fx.env["sports.waste.alert"]
    start = "2020-01-01 20:00:00"
    alert = Alert.search(
        [("space_id", "=", fx.space.id), ("kind", "=", "light"), ("start", "=", start)]
    )
    if not alert:
        alert = Alert.create(
            {
                "name": "Fixture waste",
                "venue_id": fx.venue.id,
                "company_id": fx.venue.company_id.id,
                "space_id": fx.space.id,
                "kind": "light",
                "start": start,
                "stop": "2020-01-01 21:00:00",
            }
        )
    alert.state = "new"
    return alert, {}


def _stat_recompute(fx):
    """A statistics recompute wizard for the fixture venue."""
    wizard = fx.env["sports.stat.recompute"].create({"venue_ids": [(6, 0, fx.venue.ids)]})
    return wizard, {}


REGULATORY_METHODS = [
    Method("sports.waste.alert", "action_mark_handled", "write", valid=_waste_alert),
    Method(
        "sports.stat.recompute",
        "action_recompute",
        "sports_venue.group_arena_manager",
        valid=_stat_recompute,
    ),
    Method(
        "sports.regulatory.report",
        "action_export_xlsx",
        "read",
        valid=_subsidy_report,
        writes=False,
    ),
    Method(
        "sports.regulatory.report",
        "action_print_pdf",
        "read",
        valid=_subsidy_report,
        writes=False,
    ),
    Method(
        "sports.venue",
        "action_print_sports_self_report",
        "read",
        valid=_no_args("venue"),
        writes=False,
    ),
    Method(
        "sports.compliance",
        "action_print_self_report",
        "read",
        valid=_compliance_row,
        writes=False,
    ),
]
