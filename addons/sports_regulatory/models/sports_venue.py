from markupsafe import Markup, escape

from odoo import api, fields, models


class SportsVenue(models.Model):
    _inherit = "sports.venue"

    sports_compliance_ids = fields.One2many(
        comodel_name="sports.compliance", inverse_name="venue_id", string="Compliance"
    )
    sports_compliance_count = fields.Integer(
        string="Compliance Years", compute="_compute_sports_compliance"
    )
    sports_compliance_warning = fields.Html(
        string="Compliance Warnings",
        compute="_compute_sports_compliance",
        sanitize=False,
        help="The open-hours duties of this year that are at risk or missed.",
    )

    @api.depends("sports_compliance_ids.state", "sports_compliance_ids.warning_message")
    @api.depends_context("uid")
    def _compute_sports_compliance(self):
        counts = dict(
            self.env["sports.compliance"]._read_group(
                [("venue_id", "in", self.ids)], ["venue_id"], ["__count"]
            )
        )
        for venue in self:
            venue.sports_compliance_count = counts.get(venue, 0)
            warnings = venue._sports_compliance_warnings()
            venue.sports_compliance_warning = (
                Markup("<br/>").join(escape(w) for w in warnings) if warnings else False
            )

    def _sports_compliance_warnings(self, year=None):
        """The open-hours duties of ``year`` (default: this year) of these venues that are at
        risk or missed, one line each, as the manager reads them (names the venue when
        several)."""
        if not self.ids:
            return []
        year = year or fields.Date.context_today(self).year
        rows = self.env["sports.compliance"].search(
            [
                ("venue_id", "in", self.ids),
                ("year", "=", year),
                ("state", "in", ("warning", "breach")),
            ]
        )
        warnings = []
        for row in rows:
            for line in (row.warning_message or "").splitlines():
                if len(self) > 1:
                    line = f"{row.venue_id.display_name}: {line}"
                warnings.append(line)
        return warnings

    def action_view_sports_compliance(self):
        """The venue's compliance rows, one per year."""
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sports_regulatory.sports_compliance_action"
        )
        action["domain"] = [("venue_id", "=", self.id)]
        action["context"] = {"search_default_venue_id": self.id}
        return action
