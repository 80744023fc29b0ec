from odoo import fields, models


class SportsSport(models.Model):
    _name = "sports.sport"
    _description = "Sport"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short technical code, e.g. basketball.")
    sequence = fields.Integer(default=10)
    icon = fields.Char(
        default="fa-trophy", help="Font Awesome icon class shown on kanban cards and the portal."
    )
    color = fields.Integer()
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _code_unique = models.Constraint("UNIQUE(code)", "A sport code must be unique.")
