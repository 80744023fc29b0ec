from odoo import fields, models


class EventRegistration(models.Model):
    """Each confirmed registration gets a gate pass (``sports.access.entitlement`` of kind
    ``event``) with a signed QR, valid for the event's days; its first granted entry marks
    the registration attended."""

    _inherit = "event.registration"

    sports_entitlement_id = fields.Many2one(
        comodel_name="sports.access.entitlement",
        string="Gate Pass",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    sports_team_id = fields.Many2one(
        comodel_name="sports.event.team",
        string="Team",
        index="btree_not_null",
        ondelete="set null",
    )
