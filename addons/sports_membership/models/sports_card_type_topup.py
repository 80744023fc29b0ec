from odoo import fields, models


class SportsCardTypeTopup(models.Model):
    _name = "sports.card.type.topup"
    _description = "Member Card Top-up Bonus Tier"
    _order = "type_id, amount_min"
    _rec_name = "amount_min"

    type_id = fields.Many2one(
        comodel_name="sports.card.type",
        string="Card Type",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="type_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="type_id.currency_id")
    amount_min = fields.Monetary(
        string="Pay At Least", required=True, help="A top-up of at least this amount..."
    )
    bonus = fields.Monetary(required=True, help="...gets this bonus.")

    _amount_positive = models.Constraint(
        "CHECK(amount_min > 0 AND bonus >= 0)",
        "A tier needs a positive amount and a bonus of zero or more.",
    )
    _amount_unique = models.Constraint(
        "UNIQUE(type_id, amount_min)", "Each tier of a card type needs its own amount."
    )
