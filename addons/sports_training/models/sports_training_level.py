from odoo import fields, models


class SportsTrainingLevel(models.Model):
    """A level of a sport's courses (e.g. 游泳 初级). A missed session is made up in
    another course's session of the same level."""

    _name = "sports.training.level"
    _description = "Training Level"
    _order = "sport_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    sport_id = fields.Many2one(comodel_name="sports.sport", index=True)
    company_id = fields.Many2one(comodel_name="res.company", index=True)
    active = fields.Boolean(default=True)
