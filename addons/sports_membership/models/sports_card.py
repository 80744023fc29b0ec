import uuid

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, clean_context

from odoo.addons.sports_venue.tools import normalize_cn_phone

STATES = [
    ("active", "Active"),
    ("frozen", "Frozen"),
    ("expired", "Expired"),
    ("lost", "Lost"),
    ("refunded", "Refunded"),
]
BALANCE_FIELDS = ("balance_paid", "balance_bonus", "remaining_uses", "deposit_balance")
PROTECTED_FIELDS = set(BALANCE_FIELDS) | {"state", "replaced_by_id"}
# Only the ledger's own methods put this object in the context; no RPC can forge it.
LEDGER = object()


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
    valid_from = fields.Date(required=True, default=fields.Date.context_today)
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

    @api.model_create_multi
    def create(self, vals_list):
        self._check_uids_free(vals_list)
        if self.env.context.get("arena_card_ledger") is not LEDGER:
            for vals in vals_list:
                if PROTECTED_FIELDS & set(vals):
                    raise UserError(_("Card balances and states change only through operations."))
        Type = self.env["sports.card.type"]
        today = fields.Date.context_today(self)
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
            # A card sold online is a card in the portal: its deposit is taken at the desk
            # when a physical card is handed out, not on an order that never charged it.
            if card.type_id.deposit and not card.sale_line_id:
                card._ledger("deposit_in", deposit=card.type_id.deposit, ref=card.name)
            if card.kind == "count":
                card._ledger("topup", uses=card.type_id.uses, ref=card.name)

    def write(self, vals):
        if PROTECTED_FIELDS & set(vals) and self.env.context.get("arena_card_ledger") is not LEDGER:
            raise UserError(_("Card balances and states change only through operations."))
        if "type_id" in vals and self.move_ids:
            raise UserError(_("A card with ledger moves cannot change its type."))
        return super().write(vals)

    def unlink(self):
        if self.move_ids:
            raise UserError(_("A card with ledger moves cannot be deleted. Refund it instead."))
        return super().unlink()

    # ------------------------------------------------------------------ ledger core

    def _lock(self):
        """Lock the card rows for the rest of the transaction.

        A concurrent transaction that changed the row since ours began makes PostgreSQL
        raise a serialisation failure here; the caller retries (Odoo's RPC layer does).
        """
        if not self:
            return self
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM sports_card WHERE id IN %s ORDER BY id FOR UPDATE",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset()
        return self

    def _ledger(
        self,
        kind,
        paid=0.0,
        bonus=0.0,
        uses=0,
        deposit=0.0,
        fee=0.0,
        key=None,
        ref=None,
        source=None,
        note=None,
        revenue_account=None,
        counterpart_account=None,
    ):
        """Append one move and update the stored balances with it. Call under ``_lock``.

        ``counterpart_account`` replaces the cash account of a top-up: an order paid online
        already booked the cash through its payment, so the top-up then debits the
        customer's receivable, which that payment credited.
        """
        self.ensure_one()
        rounding = self.currency_id.round
        paid, bonus, deposit = rounding(paid), rounding(bonus), rounding(deposit)
        new = {
            "balance_paid": rounding(self.balance_paid + paid),
            "balance_bonus": rounding(self.balance_bonus + bonus),
            "remaining_uses": self.remaining_uses + uses,
            "deposit_balance": rounding(self.deposit_balance + deposit),
        }
        if any(value < 0 for value in new.values()):
            raise UserError(
                _(
                    "Card %(card)s does not hold enough for this operation: "
                    "%(paid).2f paid, %(bonus).2f bonus, %(uses)s entries left.",
                    card=self.name,
                    paid=self.balance_paid,
                    bonus=self.balance_bonus,
                    uses=self.remaining_uses,
                )
            )
        vals = {
            "card_id": self.id,
            "kind": kind,
            "amount_paid": paid,
            "amount_bonus": bonus,
            "uses": uses,
            "amount_deposit": deposit,
            "fee_amount": rounding(fee),
            "idempotency_key": key or f"{kind}-{uuid.uuid4()}",
            "ref": ref,
            "note": note,
        }
        if source:
            vals.update(res_model=source._name, res_id=source.id)
        # Context defaults meant for the caller's records must not reach the ledger.
        ledger = self.with_context(clean_context(self.env.context), arena_card_ledger=LEDGER)
        move = ledger.env["sports.card.move"].create(vals)
        ledger.write(new)
        move._post_accounting(
            revenue_account=revenue_account, counterpart_account=counterpart_account
        )
        return move

    def _existing_move(self, key, kind):
        """The move an earlier call with ``key`` wrote, checked to be the same operation."""
        if not key or not isinstance(key, str) or not key.strip():
            raise UserError(_("Give every card operation an idempotency key."))
        # Keys are unique per company whatever the reader may see: look them up unrestricted.
        move = (
            self.env["sports.card.move"]
            .sudo()
            .search([("company_id", "=", self.company_id.id), ("idempotency_key", "=", key)])
        )
        if move and (move.card_id != self or move.kind != kind):
            raise UserError(
                _(
                    "The key %(key)s was already used for another operation. Use a new key.",
                    key=key,
                )
            )
        return move.sudo(False)

    def _check_usable(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        messages = {
            "frozen": _("Card %(card)s is frozen. Unfreeze it first."),
            "expired": _("Card %(card)s has expired."),
            "lost": _("Card %(card)s was reported lost. Use its replacement."),
            "refunded": _("Card %(card)s was refunded and can no longer be used."),
        }
        if self.state in messages:
            raise UserError(messages[self.state] % {"card": self.name})
        if self.valid_to and self.valid_to < today:
            raise UserError(
                _("Card %(card)s expired on %(date)s.", card=self.name, date=self.valid_to)
            )
        if self.valid_from > today:
            raise UserError(
                _("Card %(card)s is valid from %(date)s.", card=self.name, date=self.valid_from)
            )

    def _check_amount(self, amount):
        if not isinstance(amount, (int, float)) or isinstance(amount, bool):
            raise UserError(_("The amount must be a number."))
        amount = self.currency_id.round(amount)
        if self.currency_id.compare_amounts(amount, 0) <= 0:
            raise UserError(_("The amount must be more than zero."))
        return amount

    @api.model
    def _card_from(self, card):
        if isinstance(card, models.BaseModel):
            if card._name != self._name or len(card) != 1:
                raise UserError(_("Give exactly one member card."))
            card = card.id
        if not isinstance(card, int) or isinstance(card, bool):
            raise UserError(_("Give exactly one member card."))
        # Rebind to the caller's environment: its rights decide, not the record's.
        card = self.browse(card)
        if not card.exists():
            raise UserError(_("This member card does not exist."))
        card.check_access("write")
        return card

    # ------------------------------------------------------------------ operations

    def action_topup(
        self, amount, payment_ref=None, idempotency_key=None, counterpart_account=None
    ):
        """Add paid money and the bonus of the type's tiers. Returns the top-up move."""
        card = self._card_from(self)
        amount = card._check_amount(amount)
        if card.kind != "stored_value":
            raise UserError(_("Only stored-value cards can be topped up."))
        key = idempotency_key or f"topup-{uuid.uuid4()}"
        card._lock()
        existing = card._existing_move(key, "topup")
        if existing:
            return existing
        if card.state == "refunded":
            raise UserError(
                _("Card %(card)s was refunded and cannot be topped up.", card=card.name)
            )
        card._check_usable()
        move = card._ledger(
            "topup",
            paid=amount,
            key=key,
            ref=payment_ref,
            counterpart_account=counterpart_account,
        )
        bonus = card.type_id._bonus_for(amount)
        if bonus:
            card._ledger("bonus", bonus=bonus, key=f"{key}:bonus", ref=payment_ref)
        return move

    @api.model
    def charge(
        self,
        card,
        amount,
        ref,
        idempotency_key,
        source=None,
        revenue_account=None,
        space=None,
        venue=None,
    ):
        """Spend ``amount`` from a stored-value card; the one entry point for POS and stalls.

        Paid money and bonus are spent in proportion to the card's balances, so each spend
        recognises as revenue only its paid share (see readme/DESCRIPTION.md). A retry with
        the same ``idempotency_key`` returns the first spend and debits nothing.

        ``space`` (a booking's space, taken from ``source`` when it is a booking) or
        ``venue`` (a stall's or a till's venue) is checked against the card type's scope.
        """
        card = self._card_from(card)
        amount = card._check_amount(amount)
        if space is None and source is not None and source._name == "sports.booking":
            space = source.space_id
        card._lock()
        existing = card._existing_move(idempotency_key, "spend")
        if existing:
            if card.currency_id.compare_amounts(-existing.amount_total, amount):
                raise UserError(
                    _(
                        "The key %(key)s was already used for a spend of %(amount).2f.",
                        key=idempotency_key,
                        amount=-existing.amount_total,
                    )
                )
            return existing
        card._check_usable()
        if card.kind != "stored_value":
            raise UserError(_("Card %(card)s holds no money to pay with.", card=card.name))
        card._check_scope(space=space, venue=venue)
        if card.currency_id.compare_amounts(amount, card.balance_total) > 0:
            raise UserError(
                _(
                    "Card %(card)s holds %(balance).2f, less than %(amount).2f. Top it up first.",
                    card=card.name,
                    balance=card.balance_total,
                    amount=amount,
                )
            )
        from_paid = card._paid_share(amount)
        return card._ledger(
            "spend",
            paid=-from_paid,
            bonus=-(amount - from_paid),
            key=idempotency_key,
            ref=ref,
            source=source,
            revenue_account=revenue_account,
        )

    def _paid_share(self, amount):
        """The paid part of a spend of ``amount``: the card's paid/bonus ratio, rounded.

        The last cent goes where the balances still allow it, so a spend of the whole
        balance empties both and neither ever goes negative.
        """
        self.ensure_one()
        total = self.balance_paid + self.balance_bonus
        if not self.currency_id.compare_amounts(total, 0) > 0:
            return 0.0
        share = self.currency_id.round(amount * self.balance_paid / total)
        return min(self.balance_paid, max(share, amount - self.balance_bonus))

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

    @api.model
    def use(self, card, space, key):
        """Record one entry with a count or period card on ``space``."""
        card = self._card_from(card)
        space = self.env["sports.space"].browse(space) if isinstance(space, int) else space
        if not space or not space.exists():
            raise UserError(_("Give the space the card is used on."))
        card._lock()
        existing = card._existing_move(key, "use")
        if existing:
            return existing
        card._check_usable()
        card_type = card.type_id
        if card.kind not in ("count", "period"):
            raise UserError(_("Card %(card)s is not an entry card.", card=card.name))
        card._check_scope(space)
        if card_type.daily_cap:
            used = self.env["sports.card.move"].search_count(
                [
                    ("card_id", "=", card.id),
                    ("kind", "=", "use"),
                    ("date", "=", fields.Date.context_today(self)),
                ]
            )
            if used >= card_type.daily_cap:
                raise UserError(
                    _(
                        "Card %(card)s was already used %(count)s times today, its daily limit.",
                        card=card.name,
                        count=used,
                    )
                )
        if card.kind == "count" and card.remaining_uses < 1:
            raise UserError(_("Card %(card)s has no entries left.", card=card.name))
        return card._ledger(
            "use",
            uses=-1 if card.kind == "count" else 0,
            key=key,
            ref=space.display_name,
            source=space,
        )

    def action_freeze(self):
        for card in self._lock():
            if card.state != "active":
                raise UserError(_("Only an active card can be frozen: %(card)s.", card=card.name))
            card._ledger("freeze", ref=card.name)
            card.with_context(arena_card_ledger=LEDGER).write(
                {"state": "frozen", "frozen_since": fields.Date.context_today(card)}
            )

    def action_unfreeze(self):
        today = fields.Date.context_today(self)
        for card in self._lock():
            if card.state != "frozen":
                raise UserError(_("Card %(card)s is not frozen.", card=card.name))
            days = (today - card.frozen_since).days if card.frozen_since else 0
            vals = {"state": "active", "frozen_since": False}
            if card.valid_to and card.kind in ("period", "count"):
                vals["valid_to"] = card.valid_to + relativedelta(days=days)
            card._ledger(
                "unfreeze",
                ref=card.name,
                note=_("Frozen %(days)s days.", days=days),
            )
            card.with_context(arena_card_ledger=LEDGER).write(vals)

    def action_replace(self, new_uid):
        """Replace a lost card: a new card with ``new_uid`` carries the balances."""
        card = self._card_from(self)
        if not new_uid or not new_uid.strip():
            raise UserError(_("Scan the UID of the new card."))
        card._lock()
        if card.state not in ("active", "frozen"):
            raise UserError(
                _("Only an active or frozen card can be replaced: %(card)s.", card=card.name)
            )
        new = self.with_context(arena_card_no_issue=True).create(
            {
                "type_id": card.type_id.id,
                "partner_id": card.partner_id.id,
                "partner_ids": [fields.Command.set(card.partner_ids.ids)],
                "uid": new_uid.strip(),
                "valid_from": card.valid_from,
                "valid_to": card.valid_to,
            }
        )
        carried = {
            "paid": card.balance_paid,
            "bonus": card.balance_bonus,
            "uses": card.remaining_uses,
            "deposit": card.deposit_balance,
        }
        card._ledger("replace", **{k: -v for k, v in carried.items()}, ref=new.name, source=new)
        new._ledger("replace", **carried, ref=card.name, source=card)
        card.with_context(arena_card_ledger=LEDGER).write(
            {"state": "lost", "replaced_by_id": new.id}
        )
        if card.frozen_since:
            new.with_context(arena_card_ledger=LEDGER).write(
                {"state": "frozen", "frozen_since": card.frozen_since}
            )
        return new

    def action_transfer(self, partner):
        card = self._card_from(self)
        partner = self.env["res.partner"].browse(partner) if isinstance(partner, int) else partner
        if not partner or not partner.exists():
            raise UserError(_("Choose who receives the card."))
        card._lock()
        if not card.type_id.transferable:
            raise UserError(
                _("Cards of type %(type)s cannot be transferred.", type=card.type_id.name)
            )
        if card.state != "active":
            raise UserError(_("Only an active card can be transferred: %(card)s.", card=card.name))
        if partner == card.partner_id:
            raise UserError(_("%(partner)s already holds this card.", partner=partner.name))
        card._ledger(
            "transfer",
            ref=card.name,
            note=_("From %(old)s to %(new)s.", old=card.partner_id.name, new=partner.name),
        )
        card.write({"partner_id": partner.id, "partner_ids": [fields.Command.clear()]})
        return card

    def action_refund(self, idempotency_key=None):
        """Pay back the paid balance minus the type's fee and the deposit; forfeit bonus."""
        card = self._card_from(self)
        card._lock()
        if card.state == "refunded":
            raise UserError(_("Card %(card)s was already refunded.", card=card.name))
        if card.state == "lost":
            raise UserError(
                _("Card %(card)s was replaced: refund its replacement.", card=card.name)
            )
        fee = card.currency_id.round(card.balance_paid * card.type_id.refund_fee_percent / 100)
        key = idempotency_key or f"refund-{card.id}"
        move = card._ledger(
            "refund",
            paid=-card.balance_paid,
            bonus=-card.balance_bonus,
            uses=-card.remaining_uses,
            fee=fee,
            key=key,
            ref=card.name,
        )
        if card.deposit_balance:
            card._ledger(
                "deposit_out", deposit=-card.deposit_balance, key=f"{key}:deposit", ref=card.name
            )
        card.with_context(arena_card_ledger=LEDGER).write({"state": "refunded"})
        return move

    def action_adjust(self, paid=0.0, bonus=0.0, uses=0, reason=None, idempotency_key=None):
        """A manager's correction of the balances, posted against card revenue."""
        card = self._card_from(self)
        if not self.env.user.has_group("sports_venue.group_arena_manager"):
            raise UserError(_("Only an Arena manager can adjust card balances."))
        if not reason:
            raise UserError(_("Say why the balance is adjusted."))
        if not (paid or bonus or uses):
            raise UserError(_("An adjustment must change something."))
        card._lock()
        key = idempotency_key or f"adjust-{uuid.uuid4()}"
        existing = card._existing_move(key, "adjustment")
        if existing:
            return existing
        return card._ledger("adjustment", paid=paid, bonus=bonus, uses=uses, key=key, note=reason)

    @api.model
    def _cron_expire(self):
        today = fields.Date.context_today(self)
        cards = self.search([("state", "in", ("active", "frozen")), ("valid_to", "<", today)])
        for card in cards._lock():
            card._ledger(
                "expiry",
                paid=-card.balance_paid,
                bonus=-card.balance_bonus,
                uses=-card.remaining_uses,
                key=f"expiry-{card.id}",
                ref=card.name,
            )
            card.with_context(arena_card_ledger=LEDGER).write({"state": "expired"})

    # ------------------------------------------------------------------ integrity

    def _check_balance_integrity(self):
        """Cards whose stored balances differ from the sum of their moves.

        Returns a list of ``(card id, field, stored, sum of moves)``; empty when sound.
        """
        self.env.flush_all()
        where = SQL("c.id IN %s", tuple(self.ids)) if self else SQL("TRUE")
        self.env.cr.execute(
            SQL(
                """
            SELECT c.id, COALESCE(c.balance_paid, 0), COALESCE(SUM(m.amount_paid), 0),
                   COALESCE(c.balance_bonus, 0), COALESCE(SUM(m.amount_bonus), 0),
                   COALESCE(c.remaining_uses, 0), COALESCE(SUM(m.uses), 0),
                   COALESCE(c.deposit_balance, 0), COALESCE(SUM(m.amount_deposit), 0)
              FROM sports_card c
              LEFT JOIN sports_card_move m ON m.card_id = c.id
             WHERE %s
          GROUP BY c.id
            """,
                where,
            )
        )
        problems = []
        for row in self.env.cr.fetchall():
            for index, field in enumerate(BALANCE_FIELDS):
                stored, summed = row[1 + 2 * index], row[2 + 2 * index]
                if round(float(stored) - float(summed), 2):
                    problems.append((row[0], field, stored, summed))
        return problems

    def action_check_balance_integrity(self):
        problems = self._check_balance_integrity()
        if problems:
            cards = self.browse({p[0] for p in problems})
            raise UserError(
                _(
                    "These cards do not match their ledger: %(cards)s.",
                    cards=", ".join(cards.mapped("name")),
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("Every card balance equals the sum of its moves."),
            },
        }

    @api.model
    def _liability_by_type(self, date, company=None):
        """Paid money held on cards at the end of ``date``, per card type (SQL)."""
        company = company or self.env.company
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT card_type_id, SUM(amount_paid)
              FROM sports_card_move
             WHERE company_id = %s AND date <= %s
          GROUP BY card_type_id
            """,
                company.id,
                date,
            )
        )
        types = dict(self.env.cr.fetchall())
        return {self.env["sports.card.type"].browse(k): float(v) for k, v in types.items()}

    # ------------------------------------------------------------------ demo

    @api.model
    def _demo_history(self):
        """Top-ups, spends, entries and a freeze on the demo cards."""
        ref = self.env.ref
        csc = ref("sports_venue.venue_csc")
        chen = ref("sports_membership.card_chen_value")
        chen.action_topup(1000.0, "微信支付 4200001234", "demo-topup-chen-1")
        self.charge(chen, 120.0, "羽毛球场 2 小时", "demo-spend-chen-1", venue=csc)
        self.charge(chen, 80.0, "篮球半场 1 小时", "demo-spend-chen-2", venue=csc)
        chen.action_topup(500.0, "支付宝 2026112500001", "demo-topup-chen-2")
        liu = ref("sports_membership.card_liu_value")
        liu.action_topup(2000.0, "现金", "demo-topup-liu-1")
        self.charge(liu, 60.0, "羽毛球场 1 小时", "demo-spend-liu-1", venue=csc)
        lane = ref("sports_venue.space_csc_lane1")
        swim = ref("sports_membership.card_zhou_swim")
        for n in range(3):
            self.use(swim, lane, f"demo-use-swim-{n}")
        court = ref("sports_venue.space_csc_bd1")
        self.use(ref("sports_membership.card_wu_gym"), court, "demo-use-gym-1")
        self.use(ref("sports_membership.card_zheng_year"), court, "demo-use-year-1")
        ref("sports_membership.card_chen_quarter").action_freeze()
