from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.sports_venue.tools import inputs

from arena_access import normalize

ARENA_USER_GROUP = "sports_venue.group_arena_user"
# At most this many cards answer one search at the desk.
LOOKUP_LIMIT = 20


class SportsCard(models.Model):
    _inherit = "sports.card"

    pos_order_line_id = fields.Many2one(
        comodel_name="pos.order.line",
        string="Sold at the POS By",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The POS order line that sold this card; its order's deposit line put the "
        "deposit on the card.",
    )

    def _sold_with_deposit_line(self):
        return super()._sold_with_deposit_line() or bool(self.pos_order_line_id)

    @api.model
    def _sports_pos_check_staff(self):
        """Refuse, with a message saying what to do, a POS user outside the Arena staff."""
        if not self.env.user.has_group(ARENA_USER_GROUP):
            raise AccessError(
                self.env._(
                    "Only venue staff can sell, top up, look up or take payments with "
                    "member cards: ask a manager to add you to the Arena user group."
                )
            )

    @api.model
    def _sports_pos_find(self, domain):
        """Cards matching ``domain`` (an exact number or UID) in any company: another
        company's card is then named in a clear error instead of looking unknown."""
        # sudo: only to name the company of a card the desk cannot use; the caller keeps
        # the cards of its own company, read again with its own rights.
        return self.sudo().search(domain, limit=LOOKUP_LIMIT)

    @api.model
    def _sports_pos_match(self, code, company):
        """The cards of ``company`` whose number or UID is ``code``, scanned or typed: the
        one lookup of every card dialog at the desk. A code of another company's card, or
        of no card, is refused with a message."""
        code = (code or "").strip()
        domain = ["|", ("name", "=", code.upper()), ("uid", "=", normalize("uid", code))]
        cards = self._sports_pos_only_company(self._sports_pos_find(domain), company, code)
        cards.check_access("read")
        return cards

    @api.model
    def _sports_pos_only_company(self, cards, company, code):
        """``cards`` of ``company``; a code matching only another company's card is refused."""
        foreign = cards.filtered(lambda card: card.company_id != company)
        if code and foreign and not (cards - foreign):
            raise UserError(
                self.env._(
                    "Card %(card)s belongs to %(company)s: it cannot be used at this desk.",
                    card=foreign[0].name,
                    company=foreign[0].company_id.name,
                )
            )
        cards = (cards - foreign).with_env(self.env)
        if code and not cards:
            raise UserError(self.env._("No member card is numbered %(number)s.", number=code))
        return cards

    @api.model
    def _sports_pos_card_by_number(self, number, company):
        """The card of ``company`` numbered ``number``, or a clear error."""
        number = inputs.text(self.env, number, self.env._("The card number"), max_length=64)
        number = (number or "").strip().upper()
        cards = self._sports_pos_find([("name", "=", number)]) if number else self
        return self._sports_pos_only_company(cards, company, number or "-")[:1]

    @api.model
    def sports_pos_card_lookup(self, config_id, code=None, partner_id=None):
        """Cards of the POS's company for the desk's card dialogs: the card numbered or
        with the UID ``code`` (scanned or typed), or the cards held by ``partner_id``.

        Returns what the desk shows and needs: number, holder, kind, state, balances, the
        top-up bonus tiers of the type. Refuses a cashier outside the Arena staff with a
        message, never with an empty list.
        """
        config = inputs.record(
            self.env, "pos.config", config_id, self.env._("The POS"), required=True
        )
        config.check_access("read")
        self._sports_pos_check_staff()
        partner = inputs.record(self.env, "res.partner", partner_id, self.env._("The customer"))
        code = inputs.text(self.env, code, self.env._("The card number"), max_length=64)
        code = (code or "").strip()
        if not (code or partner):
            raise UserError(self.env._("Scan or type a card number, or choose a customer."))
        if code:
            cards = self._sports_pos_match(code, config.company_id)
        else:
            cards = self.search(
                [
                    ("company_id", "=", config.company_id.id),
                    "|",
                    ("partner_id", "=", partner.id),
                    ("partner_ids", "in", partner.ids),
                ],
                limit=LOOKUP_LIMIT,
            )
        return [card._sports_pos_card_info() for card in cards]

    def _sports_pos_card_info(self):
        self.ensure_one()
        return {
            "id": self.id,
            "number": self.name,
            "type": self.type_id.name,
            "kind": self.kind,
            "state": self.state,
            "state_label": dict(self._fields["state"]._description_selection(self.env))[self.state],
            "holder": self.partner_id.name,
            "partner_id": self.partner_id.id,
            "valid_to": fields.Date.to_string(self.valid_to) if self.valid_to else False,
            "balance": self.balance_total,
            "balance_paid": self.balance_paid,
            "balance_bonus": self.balance_bonus,
            "remaining_uses": self.remaining_uses,
            "tiers": [
                {"amount_min": tier.amount_min, "bonus": tier.bonus}
                for tier in self.type_id.topup_ids.sorted("amount_min")
            ],
        }
