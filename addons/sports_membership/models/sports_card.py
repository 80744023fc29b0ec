from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.sports_venue.tools import normalize_cn_phone

from arena_access import normalize

STATES = [
    ("active", "Active"),
    ("frozen", "Frozen"),
    ("expired", "Expired"),
    ("lost", "Lost"),
    ("refunded", "Refunded"),
]
BALANCE_FIELDS = ("balance_paid", "balance_bonus", "remaining_uses", "deposit_balance")
# Written only by the ledger (``sports.card._ledger_write``, in superuser mode): nobody
# has the right to set them by ``create`` or ``write``.
PROTECTED_FIELDS = set(BALANCE_FIELDS) | {"state", "replaced_by_id"}


class SportsCard(models.Model):
    _name = "sports.card"
    _description = "Member Card"
    _inherit = ["portal.mixin", "mail.thread"]
    _order = "id desc"
    _rec_name = "name"

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/", index=True
    )
    type_id = fields.Many2one(
        comodel_name="sports.card.type",
        string="Card Type",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    kind = fields.Selection(related="type_id.kind", store=True)
    company_id = fields.Many2one(related="type_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Holder",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="sports_card_family_rel",
        column1="card_id",
        column2="partner_id",
        string="Family Members",
        help="People who share the use of this card.",
    )
    uid = fields.Char(
        string="Card UID",
        copy=False,
        index=True,
        tracking=True,
        help="UID of the IC card or wristband, unique within the company.",
    )
    state = fields.Selection(
        selection=STATES, required=True, default="active", readonly=True, tracking=True
    )
    valid_from = fields.Date(required=True, default=lambda self: self._today())
    valid_to = fields.Date(help="Last day the card can be used; empty means no end.")
    frozen_since = fields.Date(readonly=True, copy=False)
    balance_paid = fields.Monetary(
        string="Paid Balance",
        required=True,
        default=0.0,
        readonly=True,
        copy=False,
        help="Money paid onto the card.",
    )
    balance_bonus = fields.Monetary(
        string="Bonus Balance",
        required=True,
        default=0.0,
        readonly=True,
        copy=False,
        help="Bonus given with top-ups.",
    )
    balance_total = fields.Monetary(
        string="Balance", compute="_compute_balance_total", store=True, help="Paid plus bonus."
    )
    remaining_uses = fields.Integer(required=True, default=0, readonly=True, copy=False)
    deposit_balance = fields.Monetary(
        string="Deposit Held", required=True, default=0.0, readonly=True, copy=False
    )
    move_ids = fields.One2many(
        comodel_name="sports.card.move", inverse_name="card_id", string="Ledger", readonly=True
    )
    replaced_by_id = fields.Many2one(comodel_name="sports.card", readonly=True, copy=False)
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Sold By",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The sale order line that sold this card.",
    )

    _uid_unique = models.Constraint(
        "UNIQUE(company_id, uid)", "This card UID is already used by another card."
    )
    _balances_not_negative = models.Constraint(
        "CHECK(balance_paid >= 0 AND balance_bonus >= 0 AND remaining_uses >= 0 "
        "AND deposit_balance >= 0)",
        "Card balances cannot be negative.",
    )

    _validity_ordered = models.Constraint(
        "CHECK(valid_to IS NULL OR valid_to >= valid_from)",
        "A card cannot end before it starts.",
    )

    @api.depends("balance_paid", "balance_bonus")
    def _compute_balance_total(self):
        for card in self:
            card.balance_total = card.balance_paid + card.balance_bonus

    def _compute_access_url(self):
        for card in self:
            card.access_url = f"/my/cards/{card.id}"

    # ------------------------------------------------------------------ validation

    @api.constrains("partner_id")
    def _check_holder_phone(self):
        for card in self:
            if not card.partner_id.phone:
                raise ValidationError(
                    _(
                        "%(holder)s needs a phone number to hold a card.",
                        holder=card.partner_id.name,
                    )
                )
            normalize_cn_phone(self.env, card.partner_id.phone)

    @api.constrains("uid", "company_id")
    def _check_uid_unique(self):
        cards = self.filtered("uid")
        if not cards:
            return
        clashes = self.search_fetch(
            [
                ("uid", "in", cards.mapped("uid")),
                ("company_id", "in", cards.company_id.ids),
                ("id", "not in", cards.ids),
            ],
            ["uid", "name"],
        )
        if clashes:
            raise ValidationError(
                _(
                    "Card UID %(uid)s is already used by card %(card)s. Scan another card.",
                    uid=clashes[0].uid,
                    card=clashes[0].name,
                )
            )

    @api.model
    def _today(self):
        """Today in the operators' time zone (the venues', Asia/Shanghai by default).

        A card's days (its validity, its ledger's dates, its daily limits) are the venue's
        business days, whoever acts and whatever their own time zone: a card issued by a
        user in one zone must be valid for a cashier in another on the same business day.
        """
        return self.env["sports.venue"]._local_date(fields.Datetime.now())

    def _check_usable(self):
        self.ensure_one()
        self._check_usable_values(self.name, self.state, self.valid_from, self.valid_to)

    @api.model
    def _check_usable_values(self, name, state, valid_from, valid_to):
        """Refuse a card of number ``name`` in ``state``, valid from ``valid_from`` to
        ``valid_to``, that cannot be used today (``charge`` reads them under its lock)."""
        if state != "active":
            messages = {
                "frozen": _("Card %(card)s is frozen. Unfreeze it first."),
                "expired": _("Card %(card)s has expired."),
                "lost": _("Card %(card)s was reported lost. Use its replacement."),
                "refunded": _("Card %(card)s was refunded and can no longer be used."),
            }
            if state in messages:
                raise UserError(messages[state] % {"card": name})
        today = self._today()
        if valid_to and valid_to < today:
            raise UserError(_("Card %(card)s expired on %(date)s.", card=name, date=valid_to))
        if valid_from > today:
            raise UserError(_("Card %(card)s is valid from %(date)s.", card=name, date=valid_from))

    def _check_scope(self, space=None, venue=None):
        """Refuse a space or venue outside the venues, spaces or sports of the card type.

        With only a ``venue`` (a stall or a till), the venue limit applies; space and
        sport limits need the space and refuse a venue-only payment.
        """
        self.ensure_one()
        card_type = self.type_id
        if space:
            out_of_scope = (
                (card_type.venue_ids and space.venue_id not in card_type.venue_ids)
                or (card_type.space_ids and space not in card_type.space_ids)
                or (card_type.sport_ids and not (card_type.sport_ids & space.sport_ids))
            )
            where = space.display_name
        elif venue:
            out_of_scope = (card_type.venue_ids and venue not in card_type.venue_ids) or bool(
                card_type.space_ids or card_type.sport_ids
            )
            where = venue.display_name
        else:
            out_of_scope = bool(card_type.venue_ids or card_type.space_ids or card_type.sport_ids)
            where = _("an unspecified place")
        if out_of_scope:
            raise UserError(
                _(
                    "Card %(card)s is not valid on %(space)s.",
                    card=self.name,
                    space=where,
                )
            )

    # ------------------------------------------------------------------ CRUD

    def _check_uids_free(self, vals_list):
        """Refuse UIDs already used in the company, before PostgreSQL does it less kindly."""
        wanted = [vals for vals in vals_list if vals.get("uid")]
        if not wanted:
            return
        types = self.env["sports.card.type"].browse([vals.get("type_id") for vals in wanted])
        # The UID may belong to a card the user cannot read; uniqueness is company-wide.
        taken = {
            (card.company_id.id, card.uid): card.name
            for card in self.sudo().search_fetch(
                [("uid", "in", [vals["uid"] for vals in wanted])], ["uid", "company_id", "name"]
            )
        }
        seen = set()
        for vals, card_type in zip(wanted, types, strict=True):
            pair = (card_type.company_id.id, vals["uid"])
            if pair in taken or pair in seen:
                raise ValidationError(
                    _(
                        "Card UID %(uid)s is already used by card %(card)s. Scan another card.",
                        uid=vals["uid"],
                        card=taken.get(pair, _("in this batch")),
                    )
                )
            seen.add(pair)

    @api.model
    def _normalize_uid_vals(self, vals):
        """Card UIDs are stored the way every reader and gate reads them
        (``arena_access.normalize``): ``04:a1:b2`` and ``04A1B2`` are one card."""
        if vals.get("uid") and isinstance(vals["uid"], str):
            vals["uid"] = normalize("uid", vals["uid"]) if vals["uid"].strip() else False

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_uid_vals(vals)
        self._check_uids_free(vals_list)
        for vals in vals_list:
            self._check_protected_fields(vals)
        Type = self.env["sports.card.type"]
        today = self._today()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("sports.card") or "/"
            card_type = Type.browse(vals.get("type_id"))
            if "valid_to" not in vals and card_type:
                start = fields.Date.to_date(vals.get("valid_from")) or today
                if card_type.kind == "period":
                    vals["valid_to"] = start + relativedelta(
                        months=card_type.validity_months, days=-1
                    )
                elif card_type.validity_days:
                    vals["valid_to"] = start + relativedelta(days=card_type.validity_days - 1)
        # Balances and states never come from context defaults either.
        context = {
            key: value
            for key, value in self.env.context.items()
            if not (key.startswith("default_") and key[8:] in PROTECTED_FIELDS)
        }
        cards = super(SportsCard, self.with_context(context)).create(vals_list)  # pylint: disable=context-overridden
        cards = cards.with_env(self.env)
        if not self.env.context.get("arena_card_no_issue"):
            cards._issue()
        return cards

    def _issue(self):
        """Ledger moves of a new card: the deposit taken and the entries of a count card."""
        for card in self:
            # A card sold on an order holds the deposit only if the order collected it
            # (its deposit line, ``sale.order.line._sports_card_take_deposits``); the desk
            # takes it otherwise, when it hands out a physical card.
            if card.type_id.deposit and not card._sold_with_deposit_line():
                card._ledger("deposit_in", deposit=card.type_id.deposit, ref=card.name)
            if card.kind == "count":
                card._ledger("topup", uses=card.type_id.uses, ref=card.name)

    def _sold_with_deposit_line(self):
        """Whether an order sold this card with a deposit line of its own, which then
        puts the deposit on the card: the card does not take it again when issued."""
        self.ensure_one()
        return bool(self.sale_line_id)

    def _check_protected_fields(self, vals):
        """Balances and states are the ledger's: only its superuser writes may set them."""
        if PROTECTED_FIELDS & set(vals) and not self.env.su:
            raise AccessError(_("Card balances and states change only through operations."))

    def write(self, vals):
        self._normalize_uid_vals(vals)
        self._check_protected_fields(vals)
        if "type_id" in vals and self.move_ids:
            raise UserError(_("A card with ledger moves cannot change its type."))
        return super().write(vals)

    def unlink(self):
        if self.move_ids:
            raise UserError(_("A card with ledger moves cannot be deleted. Refund it instead."))
        return super().unlink()
