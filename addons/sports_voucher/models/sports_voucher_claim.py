"""Claiming a voucher (领券): the checks, the personal limits and the stock, enforced by the
database so that a release rush never over-issues.

The order of the claim is chosen for the rush:

1. a plain read answers "sold out" before anything is locked (most of a rush's losers);
2. the eligibility checks (campaign, batch, verification, region, age) read only;
3. the person's holder row is written (INSERT ... ON CONFLICT DO UPDATE), which queues
   one person's concurrent claims, and their limits are counted behind that lock;
4. the voucher row is inserted;
5. ONE guarded UPDATE takes the stock (``claimed_count < quantity``, backed by a CHECK),
   last, so that the hot batch row stays locked only until the commit.

Under READ COMMITTED (the portal's claims, see ``_claim_committed``), a claim that waits for
the batch row re-reads it and either takes the next voucher or finds none: no retry. Under
REPEATABLE READ (Odoo's default, and tests) the same statements raise serialization
failures, which Odoo's RPC layer retries: still correct, only slower.
"""

import datetime
from contextlib import contextmanager

import pytz
from dateutil.relativedelta import relativedelta
from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

import odoo.modules.module
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.sql_db import Cursor
from odoo.tools import SQL

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ


class SportsVoucher(models.Model):
    _inherit = "sports.voucher"

    # ------------------------------------------------------------------ transactions

    @contextmanager
    def _short_transaction(self):
        """An environment (same user and context) on a short transaction of its own at
        READ COMMITTED, committed when the block ends and rolled back if it raises.

        Used for the claim rush and for counters that must stay counted even when the
        request fails (throttle hits, wrong codes). During tests (and on a test cursor)
        the data lives in the test's open transaction, which another connection cannot
        see: the block runs there under a savepoint instead."""
        if odoo.modules.module.current_test or not isinstance(self.env.cr, Cursor):
            with self.env.cr.savepoint():
                yield self.env
            return
        with self.env.registry.cursor() as cr:
            # Before its first query: the Cursor sets REPEATABLE READ when it is created.
            cr.connection.set_isolation_level(ISOLATION_LEVEL_READ_COMMITTED)
            yield self.env(cr=cr)

    # ------------------------------------------------------------------ time

    @api.model
    def _sports_campaign_tz(self, campaign):
        """The bureau's time zone, in which weeks, months, ages and expiry are counted."""
        return pytz.timezone(campaign.company_id.partner_id.tz or DEFAULT_TZ)

    @api.model
    def _sports_local_periods(self, campaign, now):
        """``(local today, week start, month start)``; the starts as naive UTC datetimes.
        Weeks are ISO weeks (from Monday 00:00 local)."""
        tz = self._sports_campaign_tz(campaign)
        local = pytz.utc.localize(now).astimezone(tz)
        today = local.date()

        def utc(day):
            start = tz.localize(datetime.datetime.combine(day, datetime.time.min))
            return start.astimezone(pytz.utc).replace(tzinfo=None)

        return (
            today,
            utc(today - datetime.timedelta(days=today.weekday())),
            utc(today.replace(day=1)),
        )

    @api.model
    def _sports_expiry(self, campaign, claimed_at):
        """A voucher claimed at ``claimed_at`` is valid until the end (23:59:59 local) of
        the day ``validity_days`` after the claim's local day: claimed on Monday with 7
        days, it can be used until the next Monday evening."""
        tz = self._sports_campaign_tz(campaign)
        day = pytz.utc.localize(claimed_at).astimezone(tz).date()
        last_day = day + datetime.timedelta(days=campaign.validity_days)
        end = tz.localize(datetime.datetime.combine(last_day, datetime.time(23, 59, 59)))
        return end.astimezone(pytz.utc).replace(tzinfo=None)

    # ------------------------------------------------------------------ the claim

    @api.model
    def _claim_committed(self, batch, partner, ip=None, device=None):
        """``_claim`` in a short transaction of its own at READ COMMITTED, committed at
        once: the portal's path. Returns ``(voucher id, code)``; the caller's transaction
        may not see the voucher yet (its snapshot is older), so it should redirect."""
        with self._short_transaction() as env:
            voucher = env["sports.voucher"]._claim(
                env["sports.voucher.batch"].browse(batch.id),
                env["res.partner"].browse(partner.id),
                ip=ip,
                device=device,
            )
            result = voucher.id, voucher.code
        return result

    @api.model
    def _sports_voucher_vals(self, batch, partner, claimed_at, ip=None, device=None):
        """The values of a voucher of ``batch`` claimed by ``partner`` at ``claimed_at``:
        the denomination's terms copied (a later change of the campaign does not change a
        voucher in hand), its expiry, and where the claim came from."""
        denomination = batch.denomination_id
        return {
            "campaign_id": batch.campaign_id.id,
            "batch_id": batch.id,
            "denomination_id": denomination.id,
            "partner_id": partner.id,
            "face_value": denomination.face_value,
            "threshold": denomination.threshold,
            "is_group": denomination.is_group,
            "is_large": denomination.is_large,
            "claimed_at": claimed_at,
            "expires_at": self._sports_expiry(batch.campaign_id, claimed_at),
            "claim_ip": (ip or "")[:64] or False,
            "claim_device": (device or "")[:64] or False,
            "claim_phone": partner.sports_verified_phone,
        }

    def _claim(self, batch, partner, ip=None, device=None):
        """Claim a voucher of ``batch`` for ``partner``; returns the new voucher or raises
        a UserError saying why not (sold out, over a personal limit, not eligible, not
        verified). Nothing is written when it raises."""
        batch.ensure_one()
        partner.ensure_one()
        # sudo: members claim from the portal without rights on campaigns and batches;
        # every rule of the campaign is checked below, whoever the caller is.
        batch = batch.sudo()
        partner = partner.sudo()
        cr = self.env.cr
        batch.flush_recordset(["quantity", "claimed_count"])
        # 1. The fast "sold out": a plain read, no lock, no write.
        cr.execute(
            SQL(
                "SELECT claimed_count >= quantity FROM sports_voucher_batch WHERE id = %s",
                batch.id,
            )
        )
        row = cr.fetchone()
        if not row:
            raise UserError(self.env._("This voucher release does not exist."))
        if row[0]:
            raise UserError(self.env._("Sold out: every voucher of this release is claimed."))
        campaign = batch.campaign_id
        now = fields.Datetime.now()
        today, week_start, month_start = self._sports_local_periods(campaign, now)
        # 2. What reads only.
        self._sports_check_claimable(batch, partner, now, today)
        with cr.savepoint():
            # 3. One person's claims one after the other: the write locks their row.
            cr.execute(
                SQL(
                    "INSERT INTO sports_voucher_holder (campaign_id, partner_id, last_claim_at) "
                    "VALUES (%(campaign)s, %(partner)s, %(now)s) "
                    "ON CONFLICT (campaign_id, partner_id) "
                    "DO UPDATE SET last_claim_at = EXCLUDED.last_claim_at RETURNING id",
                    campaign=campaign.id,
                    partner=partner.id,
                    now=now,
                )
            )
            self._sports_check_personal_limits(batch, partner, now, week_start, month_start)
            # 4. The voucher.
            # sudo: portal members may only read their vouchers; the claim is checked.
            voucher = (
                self.sudo()
                .with_context(mail_create_nolog=True, tracking_disable=True)
                .create(self._sports_voucher_vals(batch, partner, now, ip=ip, device=device))
            )
            voucher.flush_recordset()
            # 5. The stock: one guarded UPDATE, last.
            cr.execute(
                SQL(
                    "UPDATE sports_voucher_batch SET claimed_count = claimed_count + 1 "
                    "WHERE id = %s AND claimed_count < quantity RETURNING id",
                    batch.id,
                )
            )
            if not cr.fetchone():
                raise UserError(self.env._("Sold out: every voucher of this release is claimed."))
        batch.invalidate_recordset(["claimed_count"])
        return voucher

    @api.model
    def _sports_check_claimable(self, batch, partner, now, today):
        """Campaign, release, verification and eligibility: reads only."""
        _ = self.env._
        campaign = batch.campaign_id
        if campaign.state != "running" or not campaign.date_start <= today <= campaign.date_end:
            raise UserError(_("The campaign %(campaign)s is not running.", campaign=campaign.name))
        if batch.release_at > now:
            raise UserError(
                _(
                    "These vouchers are released on %(when)s: come back then.",
                    when=self._sports_local_text(campaign, batch.release_at),
                )
            )
        if not partner._sports_voucher_verified():
            raise UserError(
                _("Give your real name and verify your phone before you claim a voucher.")
            )
        if campaign.region_id:
            region = partner.sports_resident_region_id
            while region and region != campaign.region_id:
                region = region.parent_id
            if not region:
                raise UserError(
                    _(
                        "These vouchers are for residents of %(region)s.",
                        region=campaign.region_id.display_name,
                    )
                )
        if campaign.age_min or campaign.age_max:
            birthdate = partner.sports_birthdate
            if not birthdate:
                raise UserError(
                    _("These vouchers have an age condition: give your date of birth first.")
                )
            age = relativedelta(today, birthdate).years
            if campaign.age_min and age < campaign.age_min:
                raise UserError(
                    _("These vouchers are for people aged %(age)s or more.", age=campaign.age_min)
                )
            if campaign.age_max and age > campaign.age_max:
                raise UserError(
                    _("These vouchers are for people aged up to %(age)s.", age=campaign.age_max)
                )

    @api.model
    def _sports_check_personal_limits(self, batch, partner, now, week_start, month_start):
        """Count the person's vouchers of the campaign (under the holder lock) against its
        limits; 0 means no limit."""
        _ = self.env._
        campaign = batch.campaign_id
        self.flush_model(["claimed_at", "state", "expires_at", "is_large", "partner_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT COUNT(*) FILTER (WHERE claimed_at >= %(week)s),
                       COUNT(*) FILTER (WHERE claimed_at >= %(month)s),
                       COUNT(*),
                       COUNT(*) FILTER (WHERE state IN ('held', 'reserved')
                                          AND expires_at > %(now)s),
                       COUNT(*) FILTER (WHERE claimed_at >= %(week)s AND is_large)
                  FROM sports_voucher
                 WHERE campaign_id = %(campaign)s AND partner_id = %(partner)s
                """,
                week=week_start,
                month=month_start,
                now=now,
                campaign=campaign.id,
                partner=partner.id,
            )
        )
        week, month, total, held, large = self.env.cr.fetchone()
        if campaign.limit_claims_week and week >= campaign.limit_claims_week:
            raise UserError(
                _(
                    "You claimed %(count)s vouchers of this campaign this week, its limit: "
                    "claim again next week.",
                    count=week,
                )
            )
        if campaign.limit_claims_month and month >= campaign.limit_claims_month:
            raise UserError(
                _(
                    "You claimed %(count)s vouchers of this campaign this month, its limit: "
                    "claim again next month.",
                    count=month,
                )
            )
        if campaign.limit_claims_campaign and total >= campaign.limit_claims_campaign:
            raise UserError(
                _(
                    "You claimed %(count)s vouchers of this campaign, as many as one person may.",
                    count=total,
                )
            )
        if campaign.limit_held and held >= campaign.limit_held:
            raise UserError(
                _(
                    "You hold %(count)s unused vouchers of this campaign, as many as one "
                    "person may hold at once: use one first.",
                    count=held,
                )
            )
        if batch.denomination_id.is_large and campaign.limit_large_week:
            if large >= campaign.limit_large_week:
                raise UserError(
                    _(
                        "You claimed %(count)s large vouchers of this campaign this week, its "
                        "limit: claim a smaller one, or again next week.",
                        count=large,
                    )
                )

    @api.model
    def _sports_local_text(self, campaign, when):
        tz = self._sports_campaign_tz(campaign)
        return pytz.utc.localize(when).astimezone(tz).strftime("%Y-%m-%d %H:%M")
