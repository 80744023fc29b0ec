from odoo import api, fields, models

CARD_ROLES = [
    ("card", "Member Card"),
    ("deposit", "Member Card Deposit"),
    ("topup", "Member Card Top-up"),
]


class ProductTemplate(models.Model):
    _inherit = "product.template"

    sports_card_role = fields.Selection(
        selection=CARD_ROLES,
        compute="_compute_sports_card_role",
        string="Member Card Role",
        help="What this product does with member cards at the POS: it sells a card (the "
        "product of a card type), collects a card's deposit or tops a card up.",
    )
    sports_card_deposit = fields.Float(
        compute="_compute_sports_card_role",
        string="Member Card Deposit",
        digits="Product Price",
        help="The deposit the POS collects, on a line of its own, with each card of the "
        "type this product sells.",
    )

    def _compute_sports_card_role(self):
        types = self._sports_card_types()
        deposit_by_template = {t.product_id.product_tmpl_id: t.deposit for t in types}
        special = {
            self.env.ref("sports_membership.product_card_deposit").product_tmpl_id: "deposit",
            self.env.ref("sports_membership.product_card_topup").product_tmpl_id: "topup",
        }
        for template in self:
            if template in deposit_by_template:
                template.sports_card_role = "card"
                template.sports_card_deposit = deposit_by_template[template]
            else:
                template.sports_card_role = special.get(template, False)
                template.sports_card_deposit = 0.0

    def _sports_card_types(self):
        """The card types these templates sell."""
        # sudo: a cashier without the Arena user group may not read card types; which
        # products sell cards matters to every POS user.
        return (
            self.env["sports.card.type"]
            .sudo()
            .with_context(active_test=False)
            .search([("product_id.product_tmpl_id", "in", self.ids)])
        )

    def _compute_sports_pos_needs_server(self):
        """Card, deposit and top-up products move member cards: only online."""
        res = super()._compute_sports_pos_needs_server()
        for template in self.filtered("sports_card_role"):
            template.sports_pos_needs_server = True
        return res

    @api.model
    def _load_pos_data_fields(self, config_id):
        return [
            *super()._load_pos_data_fields(config_id),
            "sports_card_role",
            "sports_card_deposit",
        ]
