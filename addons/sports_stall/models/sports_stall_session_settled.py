from odoo import fields, models


class SportsStallSessionSettled(models.Model):
    """The marker that a stall's sales in a POS session are settled: one per (session,
    stall), UNIQUE in the database, so a settlement run is idempotent and a session's
    sales are never settled twice."""

    _name = "sports.stall.session.settled"
    _description = "Settled Stall Session"
    _log_access = False

    session_id = fields.Many2one(
        comodel_name="pos.session", required=True, index=True, ondelete="restrict"
    )
    stall_id = fields.Many2one(
        comodel_name="sports.stall", required=True, index=True, ondelete="restrict"
    )
    settlement_id = fields.Many2one(
        comodel_name="sports.stall.settlement", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="settlement_id.company_id", store=True, index=True)

    _session_stall_unique = models.Constraint(
        "UNIQUE(session_id, stall_id)", "A session's sales of a stall are settled once."
    )
