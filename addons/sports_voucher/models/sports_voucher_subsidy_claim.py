from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


class SportsVoucherSubsidyClaim(models.Model):
    """A venue's claim on the bureau for one period: its verified redemptions, minus the
    ones whose fraud flag the bureau accepted. Approval books the bureau's vendor bill and
    the operator's customer invoice, each in its own company, linked to each other."""

    _name = "sports.voucher.subsidy.claim"
    _description = "Sports Voucher Subsidy Claim"
    _inherit = ["mail.thread"]
    _order = "date_to desc, id desc"

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    campaign_id = fields.Many2one(
        "sports.voucher.campaign", required=True, ondelete="restrict", index=True
    )
    bureau_company_id = fields.Many2one(
        related="campaign_id.company_id", store=True, index=True, string="Bureau"
    )
    venue_id = fields.Many2one("sports.venue", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one("res.company", required=True, index=True, string="Operator")
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("refused", "Refused"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    redemption_ids = fields.One2many("sports.voucher.redemption", "claim_id", readonly=True)
    redemption_count = fields.Integer(readonly=True)
    amount_claimed = fields.Monetary(readonly=True, help="Discounts of verified redemptions.")
    amount_rejected = fields.Monetary(
        readonly=True, help="Discounts whose fraud flag was accepted."
    )
    amount_approved = fields.Monetary(tracking=True)
    approval_note = fields.Text()
    vendor_bill_id = fields.Many2one(
        "account.move", readonly=True, copy=False, help="The bureau's bill, in its books."
    )
    invoice_id = fields.Many2one(
        "account.move", readonly=True, copy=False, help="The operator's receivable, in its books."
    )
    writeoff_move_id = fields.Many2one(
        "account.move",
        readonly=True,
        copy=False,
        help="The operator's write-off of the discounts the bureau does not reimburse, so "
        "that the voucher clearing account nets to zero for this claim.",
    )

    _period_unique = models.Constraint(
        "UNIQUE(campaign_id, venue_id, date_from)", "A venue claims a period once."
    )
    _period_order = models.Constraint(
        "CHECK(date_to >= date_from)", "A claim's period ends on or after its start."
    )
    _approved_positive = models.Constraint(
        "CHECK(state != 'approved' OR amount_approved > 0)",
        "An approved claim pays a positive amount.",
    )

    # ------------------------------------------------------------------ generation

    @api.model
    def _generate(self, campaign, date_from, date_to, venues=None):
        """The claims of ``campaign`` for the venues' local days ``[date_from, date_to]``:
        one per venue with valid redemptions not claimed yet (only ``venues`` if given).

        Idempotent: a venue's claim of that period (UNIQUE on campaign, venue and start)
        is found again, a draft one takes the redemptions that came since. The campaign is
        locked while claims are generated, and a redemption joins a claim through a guarded
        UPDATE, so that it is never claimed twice."""
        campaign.ensure_one()
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        if not date_from or not date_to or date_to < date_from:
            raise UserError(self.env._("Choose a period whose first day is not after its last."))
        if not self.env.su:
            campaign.check_access("read")
            if not self.env.user.has_group("sports_venue.group_arena_manager"):
                raise UserError(self.env._("Only the operator's managers claim subsidies."))
            venues = venues if venues is not None else self.env["sports.venue"].search([])
            venues = venues.filtered(lambda v: v.company_id in self.env.companies)
            if not venues:
                raise UserError(self.env._("None of these venues belongs to your companies."))
        self.env.cr.execute(
            SQL("SELECT id FROM sports_voucher_campaign WHERE id = %s FOR UPDATE", campaign.id)
        )
        if venues is not None and not venues:
            return self.browse()
        self.env["sports.voucher.redemption"].flush_model()
        venue_filter = SQL("AND r.venue_id IN %s", tuple(venues.ids)) if venues else SQL()
        self.env.cr.execute(
            SQL(
                """
                SELECT r.venue_id, v.company_id, array_agg(r.id ORDER BY r.id)
                  FROM sports_voucher_redemption r
                  JOIN sports_venue v ON v.id = r.venue_id
                 WHERE r.campaign_id = %(campaign)s
                   AND r.state = 'valid'
                   AND r.claim_id IS NULL
                   AND (r.redeemed_at AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(v.tz, %(tz)s))::date
                       BETWEEN %(date_from)s AND %(date_to)s
                   %(venue_filter)s
              GROUP BY r.venue_id, v.company_id
                """,
                campaign=campaign.id,
                tz=DEFAULT_TZ,
                date_from=date_from,
                date_to=date_to,
                venue_filter=venue_filter,
            )
        )
        pending = {
            venue_id: (company_id, ids) for venue_id, company_id, ids in self.env.cr.fetchall()
        }
        # sudo: the caller's rights on the campaign and venues were checked above; claims
        # are created by the system for them (a bureau officer cannot create claims).
        Claim = self.sudo()
        domain = [("campaign_id", "=", campaign.id), ("date_from", "=", date_from)]
        if venues is not None:
            domain.append(("venue_id", "in", venues.ids))
        existing = Claim.search(domain)
        by_venue = {claim.venue_id.id: claim for claim in existing}
        to_create = [
            {
                "name": self.env["ir.sequence"].sudo().next_by_code("sports.voucher.subsidy.claim")
                or "/",
                "campaign_id": campaign.id,
                "venue_id": venue_id,
                "company_id": company_id,
                "date_from": date_from,
                "date_to": date_to,
            }
            for venue_id, (company_id, _ids) in pending.items()
            if venue_id not in by_venue
        ]
        created = Claim.create(to_create)
        for claim in created:
            by_venue[claim.venue_id.id] = claim
        for venue_id, (_company_id, ids) in pending.items():
            claim = by_venue[venue_id]
            if claim.state != "draft":
                continue
            self.env.cr.execute(
                SQL(
                    "UPDATE sports_voucher_redemption SET claim_id = %s "
                    "WHERE id IN %s AND claim_id IS NULL AND state = 'valid'",
                    claim.id,
                    tuple(ids),
                )
            )
        self.env["sports.voucher.redemption"].invalidate_model(["claim_id"])
        claims = Claim.browse([c.id for c in by_venue.values()])
        claims.invalidate_recordset(["redemption_ids"])
        claims._sports_refresh_amounts()
        return claims.sudo(self.env.su)

    def _sports_refresh_amounts(self, cap=False):
        """Recompute the claimed and rejected amounts from the claims' redemptions; a
        draft claim proposes to approve what is left; with ``cap`` (a flag was accepted), a
        submitted one no longer proposes more than that."""
        if not self:
            return
        # sudo: the claims were read with the caller's rights; their redemptions and flags
        # are counted whatever record rules the caller has on them.
        Redemption = self.env["sports.voucher.redemption"].sudo()
        domain = [("claim_id", "in", self.ids), ("state", "=", "valid")]
        totals = {
            claim.id: (count, amount)
            for claim, count, amount in Redemption._read_group(
                domain, ["claim_id"], ["__count", "discount:sum"]
            )
        }
        rejected = {
            claim.id: amount
            for claim, amount in Redemption._read_group(
                [*domain, ("flag_ids.state", "=", "accepted")], ["claim_id"], ["discount:sum"]
            )
        }
        for claim in self:
            count, claimed = totals.get(claim.id, (0, 0.0))
            vals = {
                "redemption_count": count,
                "amount_claimed": claimed,
                "amount_rejected": rejected.get(claim.id, 0.0),
            }
            allowed = claimed - vals["amount_rejected"]
            if claim.state == "draft" or (
                cap
                and claim.state == "submitted"
                and claim.currency_id.compare_amounts(claim.amount_approved, allowed) > 0
            ):
                vals["amount_approved"] = allowed
            claim.write(vals)

    @api.model
    def _cron_generate_last_month(self):
        """Each running or recently closed campaign's claims of last month."""
        today = fields.Date.context_today(self)
        last = today.replace(day=1) - timedelta(days=1)
        first = last.replace(day=1)
        campaigns = self.env["sports.voucher.campaign"].search(
            [("state", "!=", "draft"), ("date_start", "<=", last), ("date_end", ">=", first)]
        )
        for campaign in campaigns:
            self._generate(campaign, first, last)
        return True

    # ------------------------------------------------------------------ workflow

    def _sports_lock(self):
        """Lock the claims' rows until the end of the transaction, then read them again:
        two officers approving at once wait for each other and the second sees the first's
        decision."""
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM sports_voucher_subsidy_claim WHERE id IN %s ORDER BY id FOR UPDATE",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset()

    def _sports_check_officer(self):
        if not self.env.user.has_group("sports_voucher.group_voucher_officer"):
            raise UserError(self.env._("Only the bureau's voucher officers decide on claims."))
        for claim in self:
            if not self.env.su and claim.bureau_company_id not in self.env.user.company_ids:
                raise UserError(
                    self.env._(
                        "%(claim)s is claimed from %(bureau)s, which is not your bureau.",
                        claim=claim.name,
                        bureau=claim.bureau_company_id.name,
                    )
                )

    def action_submit(self):
        """The operator's manager sends the claim to the bureau."""
        if not self.env.user.has_group("sports_venue.group_arena_manager"):
            raise UserError(self.env._("Only the operator's managers submit subsidy claims."))
        self.check_access("write")
        self._sports_lock()
        for claim in self:
            if claim.state != "draft":
                raise UserError(self.env._("%(claim)s was submitted already.", claim=claim.name))
        self._sports_refresh_amounts()
        for claim in self:
            if claim.currency_id.compare_amounts(claim.amount_claimed, 0) <= 0:
                raise UserError(
                    self.env._("%(claim)s has no verified redemption to claim.", claim=claim.name)
                )
        self.write({"state": "submitted"})
        return True

    def action_approve(self):
        """The bureau approves ``amount_approved``, fully or in part (with a note), and the
        bill, the invoice and the write-off of the rest are booked, all or nothing."""
        self._sports_check_officer()
        with self.env.cr.savepoint():
            self._sports_lock()
            for claim in self:
                if claim.state != "submitted":
                    raise UserError(
                        self.env._(
                            "%(claim)s is %(state)s: only a submitted claim can be approved.",
                            claim=claim.name,
                            state=dict(self._fields["state"]._description_selection(self.env))[
                                claim.state
                            ],
                        )
                    )
            self._sports_refresh_amounts()
            for claim in self:
                claim._sports_check_approvable()
                claim._sports_book_approval()
        return True

    def _sports_check_approvable(self):
        self.ensure_one()
        currency = self.currency_id
        allowed = self.amount_claimed - self.amount_rejected
        if currency.compare_amounts(self.amount_approved, 0) <= 0:
            raise UserError(
                self.env._(
                    "Approve a positive amount for %(claim)s, or refuse it.", claim=self.name
                )
            )
        if currency.compare_amounts(self.amount_approved, allowed) > 0:
            raise UserError(
                self.env._(
                    "%(claim)s can be approved for at most %(allowed)s: the verified discounts "
                    "less those whose fraud flag was accepted.",
                    claim=self.name,
                    allowed=allowed,
                )
            )
        if (
            currency.compare_amounts(self.amount_approved, allowed) < 0
            and not (self.approval_note or "").strip()
        ):
            raise UserError(
                self.env._(
                    "Say in the approval note why %(claim)s is approved only in part.",
                    claim=self.name,
                )
            )

    def action_refuse(self):
        """The bureau refuses the claim (the note says why); the operator writes the
        discounts off."""
        self._sports_check_officer()
        with self.env.cr.savepoint():
            self._sports_lock()
            for claim in self:
                if claim.state not in ("draft", "submitted"):
                    raise UserError(self.env._("%(claim)s was decided already.", claim=claim.name))
                if not (claim.approval_note or "").strip():
                    raise UserError(
                        self.env._("Say in the note why %(claim)s is refused.", claim=claim.name)
                    )
            self._sports_refresh_amounts()
            for claim in self:
                claim.amount_approved = 0.0
                writeoff = claim._sports_book_writeoff(claim.amount_claimed)
                claim.write({"state": "refused", "writeoff_move_id": writeoff.id})
        return True

    def _sports_redemptions_by_claim(self):
        """``{claim: redemptions}`` of the claims, read whatever the caller's rules."""
        # sudo: for statements of claims the caller could read.
        redemptions = (
            self.env["sports.voucher.redemption"]
            .sudo()
            .search([("claim_id", "in", self.ids)], order="redeemed_at, id")
        )
        result = defaultdict(lambda: self.env["sports.voucher.redemption"].sudo())
        for redemption in redemptions:
            result[redemption.claim_id.id] |= redemption
        return result
