from odoo import api, fields, models
from odoo.exceptions import UserError


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    sports_stall_id = fields.Many2one(
        comodel_name="sports.stall",
        string="Stall",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="The merchant stall this line's sale belongs to, set when the line is created "
        "and never changed.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._sports_stall_attribute(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if "sports_stall_id" in vals:
            stall_id = vals["sports_stall_id"] or False
            if any(line.sports_stall_id.id != stall_id for line in self):
                raise UserError(
                    self.env._(
                        "The stall of a sold line never changes: it is set when the line is "
                        "created, and the stall's settlements rely on it."
                    )
                )
        return super().write(vals)

    @api.model
    def _sports_stall_attribute(self, vals_list):
        """Set ``sports_stall_id`` on new lines, in one pass over the batch: a refund line
        takes its origin's; else the till's own stall; else the product's stall. A line of
        a shared till whose product has no stall is refused."""
        # Whatever the POS or a caller sends, the server decides.
        for vals in vals_list:
            vals.pop("sports_stall_id", None)
        orders = self.env["pos.order"].browse(
            {v["order_id"] for v in vals_list if v.get("order_id")}
        )
        products = self.env["product.product"].browse(
            {v["product_id"] for v in vals_list if v.get("product_id")}
        )
        origins = self.env["pos.order.line"].browse(
            {v["refunded_orderline_id"] for v in vals_list if v.get("refunded_orderline_id")}
        )
        # Prefetch the whole batch at once.
        orders.config_id.mapped("sports_stall_id")
        products.product_tmpl_id.mapped("sports_stall_id")
        origins.mapped("sports_stall_id")
        for vals in vals_list:
            order = orders.browse(vals.get("order_id"))
            config = order.config_id
            product = products.browse(vals.get("product_id"))
            if vals.get("refunded_orderline_id"):
                stall = origins.browse(vals["refunded_orderline_id"]).sports_stall_id
            elif config.sports_stall_id:
                stall = config.sports_stall_id
            else:
                stall = product.product_tmpl_id.sports_stall_id
                if not stall and config.sports_stall_shared:
                    raise UserError(
                        self.env._(
                            "%(product)s belongs to no stall, and %(till)s is shared by "
                            "stalls: every product sold there must be a stall's. Sell it at "
                            "another till, or give it its stall.",
                            product=product.display_name,
                            till=config.name,
                        )
                    )
            if stall:
                vals["sports_stall_id"] = stall.id
