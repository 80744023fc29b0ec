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


REGULATORY_METHODS = [
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
