import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import mute_logger

FLAG_KINDS = [
    ("no_entry", "No Gate Entry"),
    ("refund_repeat", "Repeated Redeem and Refund"),
    ("claim_cluster", "Many Claims from One Device, IP or Phone Prefix"),
    ("venue_ratio", "Redemptions Abnormal against Passenger Flow"),
    ("group_double", "Group Voucher Twice in One Slot"),
]


class SportsVoucherFlag(models.Model):
    """A suspicion for the bureau's review queue. Accepted: the fraud is confirmed and the
    redemption is left out of the subsidy; rejected: no fraud."""

    _name = "sports.voucher.flag"
    _description = "Sports Voucher Fraud Flag"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"

    name = fields.Char(compute="_compute_name")
    kind = fields.Selection(FLAG_KINDS, required=True, index=True)
    key = fields.Char(
        required=True, readonly=True, help="What was flagged: one flag per kind and key."
    )
    campaign_id = fields.Many2one(
        "sports.voucher.campaign", required=True, ondelete="cascade", index=True
    )
    bureau_company_id = fields.Many2one(
        related="campaign_id.company_id", store=True, index=True, string="Bureau"
    )
    venue_id = fields.Many2one("sports.venue", ondelete="cascade", index=True)
    company_id = fields.Many2one(
        "res.company", index=True, string="Operator", help="The venue's operator, if any."
    )
    redemption_id = fields.Many2one(
        "sports.voucher.redemption", ondelete="cascade", index="btree_not_null"
    )
    voucher_id = fields.Many2one("sports.voucher", ondelete="cascade", index="btree_not_null")
    partner_id = fields.Many2one("res.partner", ondelete="set null", index="btree_not_null")
    detail = fields.Text(readonly=True)
    state = fields.Selection(
        [
            ("new", "To Review"),
            ("accepted", "Accepted (fraud)"),
            ("rejected", "Rejected (no fraud)"),
        ],
        default="new",
        required=True,
        tracking=True,
        index=True,
    )
    reason = fields.Text(tracking=True)
    reviewer_id = fields.Many2one("res.users", readonly=True)
    reviewed_at = fields.Datetime(readonly=True)

    _kind_key_unique = models.Constraint(
        "UNIQUE(campaign_id, kind, key)", "This suspicion is flagged already."
    )

    def _mail_get_partner_fields(self, introspect_fields=False):
        """The member of a flag is never a recipient of its chatter: the bureau reviews
        the suspicion and may not read the member's contact (sports_venue's rules)."""
        return []

    def _compute_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for flag in self:
            flag.name = labels.get(flag.kind, "")

    @api.model
    def _raise(self, kind, campaign, key, **vals):
        """The flag of ``kind`` on ``key`` in ``campaign``, created the first time (the
        UNIQUE on campaign, kind and key makes a second detection find it again, also
        when two detections race). ``vals`` are its other fields (venue_id, redemption_id,
        voucher_id, partner_id, detail); the operator follows the venue."""
        campaign.ensure_one()
        key = str(key)
        # sudo: flags are raised by the detection cron and the channels' checks, not by a
        # user's choice; nobody has the right to create them (ir.model.access.csv).
        Flag = self.sudo()
        domain = [("campaign_id", "=", campaign.id), ("kind", "=", kind), ("key", "=", key)]
        flag = Flag.search(domain, limit=1)
        if flag:
            return flag.sudo(self.env.su)
        vals = {**vals, "campaign_id": campaign.id, "kind": kind, "key": key}
        if vals.get("venue_id") and not vals.get("company_id"):
            vals["company_id"] = self.env["sports.venue"].browse(vals["venue_id"]).company_id.id
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                flag = Flag.create(vals)
                flag.flush_recordset()
        except psycopg2.errors.UniqueViolation:
            # Another transaction raised it first (it committed while we inserted).
            flag = Flag.search(domain, limit=1)
        return flag.sudo(self.env.su)

    def _review(self, state):
        if not self.env.user.has_group("sports_voucher.group_voucher_officer"):
            raise UserError(_("Only the bureau's voucher officers review flags."))
        for flag in self:
            if not self.env.su and flag.bureau_company_id not in self.env.user.company_ids:
                raise UserError(_("This flag belongs to another bureau's campaign."))
            if flag.state != "new":
                raise UserError(_("This flag was reviewed already."))
            if not (flag.reason or "").strip():
                raise UserError(_("Give the reason for your decision first."))
        self.write(
            {"state": state, "reviewer_id": self.env.uid, "reviewed_at": fields.Datetime.now()}
        )
        if state == "accepted":
            self._sports_sanction_venues()
            # The open claims of the flagged redemptions leave their discounts out.
            claims = self.redemption_id.claim_id.filtered(
                lambda c: c.state in ("draft", "submitted")
            )
            claims._sports_refresh_amounts(cap=True)

    def action_accept(self):
        self._review("accepted")

    def action_reject(self):
        self._review("rejected")

    def _sports_sanction_venues(self):
        """Warn a venue at ``warn_after`` accepted flags of a campaign and suspend it at
        ``suspend_after``: a message on its participation and an activity for the
        operator's managers."""
        pairs = {(flag.campaign_id, flag.venue_id) for flag in self if flag.venue_id}
        if not pairs:
            return
        campaigns = self.campaign_id
        counts = {
            (campaign.id, venue.id): count
            for campaign, venue, count in self.sudo()._read_group(
                [
                    ("campaign_id", "in", campaigns.ids),
                    ("venue_id", "in", self.venue_id.ids),
                    ("state", "=", "accepted"),
                ],
                ["campaign_id", "venue_id"],
                ["__count"],
            )
        }
        participations = self.env["sports.voucher.campaign.venue"].search(
            [("campaign_id", "in", campaigns.ids), ("venue_id", "in", self.venue_id.ids)]
        )
        for participation in participations:
            campaign = participation.campaign_id
            count = counts.get((campaign.id, participation.venue_id.id), 0)
            new_state = False
            if campaign.suspend_after and count >= campaign.suspend_after:
                if participation.state in ("approved", "warned"):
                    new_state = "suspended"
            elif campaign.warn_after and count >= campaign.warn_after:
                if participation.state == "approved":
                    new_state = "warned"
            if new_state:
                self._sports_sanction(participation, new_state, count)

    def _sports_sanction(self, participation, state, count):
        """Move ``participation`` to ``state`` (warned or suspended), say why on it and ask
        the operator's managers to look into it."""
        participation.state = state
        if state == "warned":
            body = self.env._(
                "Warned: %(count)s fraud flags of this venue were accepted by the bureau. "
                "At %(limit)s the venue is suspended from the campaign.",
                count=count,
                limit=participation.campaign_id.suspend_after,
            )
        else:
            body = self.env._(
                "Suspended: %(count)s fraud flags of this venue were accepted by the bureau. "
                "Vouchers of this campaign can no longer be redeemed here.",
                count=count,
            )
        participation.message_post(body=body, subtype_xmlid="mail.mt_note")
        # sudo: the bureau officer may not read the operator's users; only its managers
        # are looked up, to schedule the activity for them.
        managers = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("company_ids", "in", participation.company_id.ids),
                    ("all_group_ids", "in", self.env.ref("sports_venue.group_arena_manager").ids),
                    ("share", "=", False),
                ]
            )
        )
        for manager in managers:
            participation.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Voucher campaign: venue %(state)s", state=state),
                note=body,
                user_id=manager.id,
            )

    def _cron_detect(self):
        """Run every anti-fraud check over running campaigns (see sports_voucher_flag_detect)."""
        return True
