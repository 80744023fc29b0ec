from odoo import fields, models


class SportsVenue(models.Model):
    _inherit = "sports.venue"

    warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse",
        check_company=True,
        help="Where the goods sold at this venue's front desks (drinks, shuttlecocks, "
        "balls, swimwear) are stocked; its POS operation type picks them.",
    )
