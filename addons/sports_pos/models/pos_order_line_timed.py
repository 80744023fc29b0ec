from odoo import api, fields, models


# Timed sessions in their own file, apart from the tickets (another flow, another owner).
class PosOrderLine(models.Model):
    _inherit = "pos.order.line"  # pylint: disable=consider-merging-classes-inherited

    sports_timed_session_id = fields.Many2one(
        comodel_name="sports.timed.session",
        string="Timed Session",
        index="btree_not_null",
        ondelete="restrict",
        help="The timed session this line bills; set by the POS Running screen and checked "
        "on the server when the order is paid.",
    )

    @api.model
    def _load_pos_data_fields(self, config):
        return [*super()._load_pos_data_fields(config), "sports_timed_session_id"]
