from odoo import fields, models


class SportsCoachQualificationKind(models.Model):
    """A kind of coaching certificate (e.g. 社会体育指导员, 游泳救生员, 国家职业资格证书)."""

    _name = "sports.coach.qualification.kind"
    _description = "Coach Qualification Kind"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sport_id = fields.Many2one(comodel_name="sports.sport", index=True)
    warn_days = fields.Integer(
        string="Warn Before Expiry (days)",
        default=30,
        help="Days before a certificate of this kind expires when its coach's manager is warned.",
    )
    active = fields.Boolean(default=True)
