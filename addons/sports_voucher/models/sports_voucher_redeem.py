from datetime import datetime, time, timedelta

from psycopg2 import IntegrityError

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_amount, format_datetime

GROUP_CAP = 0.5  # a group voucher pays at most half of its whole-court booking


class SportsVoucher(models.Model):
    """Redemption of a voucher: the eligibility engine, the locked redemption (核销), the
    reservation in an unpaid online order and the expiry cron.

    ``lines`` (what the order holds, as the caller priced it on the server) is a list of
    dicts ``{"amount": float (tax included), "sport_id": int or False, "categ_id": int or
    False, "booking_id": int or False, "whole_court": bool, "start": datetime (UTC) or
    False}``; ``"sport_ids"`` (a list) may stand for ``sport_id`` when a court serves
    several sports (a booking names a space, not a sport).

    A line is "whole court" when its booking's space is not part of a bigger space
    (``sports.space.composite_ids`` empty): a full court, whether or not it is made of
    halves, or a space that is never split. A half court is a component of a full court.
    """

    _inherit = "sports.voucher"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------------------------
    # Eligibility
    # ------------------------------------------------------------------------------------
    def _check_redeemable(self, venue, channel, lines, when=None):
        """The discount this voucher gives on ``lines`` at ``venue`` through ``channel``
        ('online' or 'desk'), or a UserError saying why it cannot be used."""
        return self._redeem_evaluate(venue, channel, lines, when=when)["discount"]

    def _redeem_evaluate(self, venue, channel, lines, when=None, sale_order=None):
        """Every check of ``_check_redeemable``; returns the discount, the eligible amount
        and the line it was granted on. A voucher reserved in ``sale_order`` counts as
        held for that order."""
        self.ensure_one()
        # sudo: cashiers and members reach a voucher by its code or as its holder; the
        # voucher's campaign rules and the venue's participation are the bureau's records.
        voucher = self.sudo()
        campaign = voucher.campaign_id
        when = when or fields.Datetime.now()
        if len(venue) != 1:
            raise UserError(_("A voucher is redeemed at one venue."))
        voucher._redeem_check_state(when, sale_order=sale_order)
        if campaign.state != "running" or not (
            campaign.date_start <= venue._local_date(when) <= campaign.date_end
        ):
            raise UserError(_("The campaign %(campaign)s is not running.", campaign=campaign.name))
        if channel not in ("online", "desk"):
            raise UserError(_("Unknown redemption channel %(channel)s.", channel=channel))
        if channel == "online" and not campaign.channel_online:
            raise UserError(
                _("Vouchers of %(campaign)s cannot be used online.", campaign=campaign.name)
            )
        if channel == "desk" and not campaign.channel_desk:
            raise UserError(
                _("Vouchers of %(campaign)s cannot be used at the desk.", campaign=campaign.name)
            )
        participation = campaign._participation(venue)
        if participation.state == "suspended":
            raise UserError(
                _(
                    "%(venue)s is suspended from %(campaign)s: vouchers cannot be used there.",
                    venue=venue.name,
                    campaign=campaign.name,
                )
            )
        if not participation._is_redeemable():
            raise UserError(
                _(
                    "%(venue)s does not take part in %(campaign)s.",
                    venue=venue.name,
                    campaign=campaign.name,
                )
            )
        eligible, reasons = voucher._redeem_eligible_lines(venue, lines, when)
        currency = campaign.currency_id
        if voucher.is_group:
            eligible = [
                line for line in eligible if line.get("whole_court") and line.get("booking_id")
            ]
            if not eligible:
                raise UserError(_("A group voucher can only be used on a whole-court booking."))
        if not eligible:
            raise UserError(
                reasons[0] if reasons else _("Nothing in this order can be paid with this voucher.")
            )
        amount = currency.round(sum(line["amount"] for line in eligible))
        if currency.compare_amounts(amount, voucher.threshold) < 0:
            raise UserError(
                _(
                    "This voucher needs %(threshold)s of eligible items; this order has "
                    "%(amount)s.",
                    threshold=voucher._redeem_money(voucher.threshold),
                    amount=voucher._redeem_money(amount),
                )
            )
        line = max(eligible, key=lambda ln: ln["amount"])
        if voucher.is_group:
            voucher._redeem_check_group_slot(line["booking_id"])
            discount = min(voucher.face_value, currency.round(line["amount"] * GROUP_CAP))
        else:
            discount = min(voucher.face_value, amount)
        voucher._redeem_check_uses_per_day(venue, when)
        if currency.compare_amounts(discount, 0) <= 0:
            raise UserError(_("This voucher gives no discount on this order."))
        return {"discount": discount, "amount": amount, "line": line}

    def _redeem_money(self, amount):
        return format_amount(self.env, amount, self.campaign_id.currency_id)

    def _redeem_check_state(self, when, sale_order=None):
        """Refuse a voucher that its holder cannot use now."""
        if self.state == "reserved":
            if sale_order and self.sale_order_id == sale_order:
                # Reserved while valid: the reservation keeps it until the order is paid
                # or abandoned (then _cron_expire releases or expires it).
                return
            else:
                raise UserError(
                    _(
                        "This voucher is reserved in order %(order)s; cancel that order or "
                        "remove the voucher from it first.",
                        order=self.sale_order_id.name,
                    )
                )
        elif self.state == "used":
            raise UserError(
                _(
                    "This voucher was already used on %(date)s.",
                    date=format_datetime(self.env, self.used_at) if self.used_at else "",
                )
            )
        elif self.state == "voided":
            raise UserError(_("This voucher was voided by a partial refund."))
        elif self.state == "forfeited":
            raise UserError(_("This voucher was forfeited by a refund."))
        if self.state == "expired" or self.expires_at <= when:
            raise UserError(
                _(
                    "This voucher expired on %(date)s.",
                    date=format_datetime(self.env, self.expires_at),
                )
            )

    def _redeem_eligible_lines(self, venue, lines, when):
        """The lines the campaign's sports, product categories and hours allow, and why the
        others were left out (the first reason is shown when none is left)."""
        campaign = self.campaign_id
        sports = set(campaign.sport_ids.ids)
        categ_ids = set()
        if campaign.product_categ_ids:
            categ_ids = set(
                self.env["product.category"]
                .search([("id", "child_of", campaign.product_categ_ids.ids)])
                .ids
            )
        eligible, reasons = [], []
        for line in lines or []:
            if not isinstance(line, dict):
                raise UserError(_("The order's lines could not be read."))
            try:
                amount = float(line.get("amount") or 0.0)
            except (TypeError, ValueError) as exc:
                raise UserError(_("The order's lines could not be read.")) from exc
            if amount <= 0:
                continue
            line = dict(line, amount=amount)
            line_sports = set(line.get("sport_ids") or []) | (
                {line["sport_id"]} if line.get("sport_id") else set()
            )
            if sports and not sports & line_sports:
                reasons.append(
                    _(
                        "This voucher is only for %(sports)s.",
                        sports=", ".join(campaign.sport_ids.mapped("name")),
                    )
                )
                continue
            if categ_ids and line.get("categ_id") not in categ_ids:
                reasons.append(
                    _(
                        "This voucher is only for %(categories)s.",
                        categories=", ".join(campaign.product_categ_ids.mapped("display_name")),
                    )
                )
                continue
            reason = self._redeem_time_refusal(venue, line.get("start") or when)
            if reason:
                reasons.append(reason)
                continue
            eligible.append(line)
        return eligible, reasons

    def _redeem_time_refusal(self, venue, at):
        """Why ``at`` (UTC) lies outside the campaign's days and hours, or None."""
        campaign = self.campaign_id
        local = venue._localize(fields.Datetime.to_datetime(at))
        if campaign.weekday_only and local.weekday() >= 5:
            return _("This voucher can only be used on weekdays.")
        hour = local.hour + local.minute / 60.0
        if not campaign.hour_from <= hour < campaign.hour_to:
            return _(
                "This voucher can only be used from %(start)s to %(end)s.",
                start=self._redeem_hhmm(campaign.hour_from),
                end=self._redeem_hhmm(campaign.hour_to),
            )
        return None

    @staticmethod
    def _redeem_hhmm(hours):
        minutes = round(hours * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    def _redeem_check_uses_per_day(self, venue, when):
        limit = self.campaign_id.limit_uses_day
        if not limit:
            return
        day = venue._local_date(when)
        start = venue._to_utc(datetime.combine(day, time.min))
        used = self.env["sports.voucher.redemption"].search_count(
            [
                ("partner_id", "=", self.partner_id.id),
                ("campaign_id", "=", self.campaign_id.id),
                ("state", "=", "valid"),
                ("redeemed_at", ">=", start),
                ("redeemed_at", "<", start + timedelta(days=1)),
            ]
        )
        if used >= limit:
            raise UserError(
                _(
                    "You may use %(limit)s voucher(s) of this campaign per day, and already "
                    "did today.",
                    limit=limit,
                )
            )

    def _redeem_check_group_slot(self, booking_id):
        taken = self.env["sports.voucher.redemption"].search_count(
            [("booking_id", "=", booking_id), ("is_group", "=", True), ("state", "=", "valid")]
        )
        if taken:
            raise UserError(_("This booked slot already carries a group voucher."))

    # ------------------------------------------------------------------------------------
    # Redemption
    # ------------------------------------------------------------------------------------
    def _redeem_lock(self):
        """Lock this voucher's row and re-read it: every change of state goes through here."""
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT id FROM sports_voucher WHERE id = %s FOR UPDATE", self.id))
        self.invalidate_recordset()

    def _redeem(
        self,
        venue,
        channel,
        lines,
        *,
        when=None,
        sale_order=None,
        pos_order=None,
        pos_order_line=None,
        pos_line_uuid=None,
        booking=None,
    ):
        """Redeem this voucher (核销): lock it, check it again, mark it used and write the
        redemption. Exactly one of two concurrent callers wins; a call repeated with the
        same ``pos_line_uuid`` returns the first redemption."""
        self.ensure_one()
        # sudo: the redemption and the voucher's state are written only here, after the
        # checks; cashiers and members have no write right on either.
        voucher = self.sudo()
        Redemption = self.env["sports.voucher.redemption"].sudo()
        if pos_line_uuid:
            done = Redemption.search([("pos_line_uuid", "=", pos_line_uuid)], limit=1)
            if done:
                return voucher._redeem_same_line(done)
        voucher._redeem_lock()
        if pos_line_uuid:
            # A concurrent re-sync of the same line committed while we waited.
            done = Redemption.search([("pos_line_uuid", "=", pos_line_uuid)], limit=1)
            if done:
                return voucher._redeem_same_line(done)
        if voucher.state == "used":
            raise UserError(_("This voucher was just used: it cannot be used twice."))
        if voucher.campaign_id.limit_uses_day:
            # Uses per day: the person's holder row is written (the write is the lock, see
            # sports.voucher.holder), so that two redemptions of one person at once are
            # counted one after the other (the second retries, and sees the first).
            self.env.cr.execute(
                SQL(
                    "UPDATE sports_voucher_holder SET last_claim_at = last_claim_at "
                    "WHERE campaign_id = %s AND partner_id = %s",
                    voucher.campaign_id.id,
                    voucher.partner_id.id,
                )
            )
        when = when or fields.Datetime.now()
        result = voucher._redeem_evaluate(venue, channel, lines, when=when, sale_order=sale_order)
        voucher._redeem_check_one_per_order(sale_order, pos_order)
        line = result["line"]
        booking = booking or self.env["sports.booking"].browse(line.get("booking_id") or [])
        vals = {
            "voucher_id": voucher.id,
            "campaign_id": voucher.campaign_id.id,
            "venue_id": venue.id,
            "company_id": venue.company_id.id,
            "channel": channel,
            "sale_order_id": sale_order.id if sale_order else False,
            "pos_order_id": pos_order.id if pos_order else False,
            "pos_order_line_id": pos_order_line.id if pos_order_line else False,
            "pos_line_uuid": pos_line_uuid or False,
            "booking_id": booking.id if booking else False,
            "slot_start": booking.start_at if booking else (line.get("start") or False),
            "order_amount": result["amount"],
            "discount": result["discount"],
            "redeemed_at": when,
            "user_id": self.env.user.id,
            "is_group": voucher.is_group,
        }
        self.env.cr.execute(
            SQL(
                "UPDATE sports_voucher SET state = 'used', used_at = %s, write_date = now() "
                "AT TIME ZONE 'UTC' WHERE id = %s AND state IN ('held', 'reserved') "
                "RETURNING id",
                when,
                voucher.id,
            )
        )
        if not self.env.cr.fetchone():
            raise UserError(_("This voucher was just used: it cannot be used twice."))
        voucher.invalidate_recordset(["state", "used_at"])
        try:
            with self.env.cr.savepoint():
                redemption = Redemption.create(vals)
        except IntegrityError as exc:
            raise UserError(
                _("This voucher was just used, or the slot already carries a group voucher.")
            ) from exc
        return redemption

    def _redeem_same_line(self, redemption):
        if redemption.voucher_id != self:
            raise UserError(_("This order line already redeemed another voucher."))
        return redemption

    def _redeem_check_one_per_order(self, sale_order, pos_order):
        if not self.campaign_id.one_per_order or not (sale_order or pos_order):
            return
        domain = [("state", "=", "valid"), ("voucher_id", "!=", self.id)]
        domain += (
            [("sale_order_id", "=", sale_order.id)]
            if sale_order
            else [("pos_order_id", "=", pos_order.id)]
        )
        if self.env["sports.voucher.redemption"].sudo().search_count(domain):
            raise UserError(_("Only one voucher can be used per order."))
        if sale_order:
            # sudo: see _redeem; other vouchers reserved in this order count too.
            others = self.sudo().search_count(
                [
                    ("sale_order_id", "=", sale_order.id),
                    ("state", "=", "reserved"),
                    ("id", "!=", self.id),
                ]
            )
            if others:
                raise UserError(_("Only one voucher can be used per order."))

    # ------------------------------------------------------------------------------------
    # Expiry
    # ------------------------------------------------------------------------------------
    @api.model
    def _cron_expire(self):
        """Release the vouchers reserved in cancelled orders (or orders whose bookings'
        holds expired unpaid), then expire the held vouchers past their date, in SQL."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE sports_voucher v SET state = 'held', sale_order_id = NULL,
                       write_date = now() AT TIME ZONE 'UTC'
                  FROM sale_order so
                 WHERE v.state = 'reserved' AND so.id = v.sale_order_id
                   AND (so.state = 'cancel'
                        OR (so.state IN ('draft', 'sent') AND EXISTS (
                               SELECT 1 FROM sports_booking b
                                WHERE b.sale_order_id = so.id AND b.state = 'expired')
                            AND NOT EXISTS (
                               SELECT 1 FROM sports_booking b
                                WHERE b.sale_order_id = so.id AND b.state = 'held')
                            AND NOT EXISTS (
                               SELECT 1 FROM sale_order_transaction_rel r
                                 JOIN payment_transaction t ON t.id = r.transaction_id
                                WHERE r.sale_order_id = so.id
                                  AND t.state IN ('pending', 'authorized', 'done'))))
                RETURNING v.id
                """
            )
        )
        released = [row[0] for row in self.env.cr.fetchall()]
        if released:
            # The discount lines of the released vouchers leave their orders.
            # sudo: the cron's orders belong to members; only the voucher lines go.
            self.env["sale.order.line"].sudo().search(
                [("sports_voucher_id", "in", released), ("order_id.state", "!=", "sale")]
            ).unlink()
        self.env.cr.execute(
            SQL(
                "UPDATE sports_voucher SET state = 'expired', write_date = now() AT TIME ZONE "
                "'UTC' WHERE state = 'held' AND expires_at <= %s",
                fields.Datetime.now(),
            )
        )
        self.invalidate_model(["state", "sale_order_id"])
        return True
