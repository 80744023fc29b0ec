"""The weekly claim batches (放券): planned by the hourly cron, within the budget."""

import datetime
import math

import pytz

from odoo import api, fields, models
from odoo.tools import SQL

# How far ahead a release is planned (members see it announced on My vouchers).
PLAN_AHEAD = datetime.timedelta(days=7)


class SportsVoucherBatch(models.Model):
    _inherit = "sports.voucher.batch"

    @api.model
    def _cron_release_batches(self):
        """For each running campaign, plan the batch of this week's release and of the
        next one (within ``PLAN_AHEAD``) for each denomination, with its
        ``quantity_per_batch`` while the budget allows (never over it: the last batch may
        be smaller). Idempotent: a release that exists is left alone (and the UNIQUE
        (denomination_id, release_at) index backs it)."""
        now = fields.Datetime.now()
        campaigns = self.env["sports.voucher.campaign"].search([("state", "=", "running")])
        created = self.browse()
        for campaign in campaigns:
            created |= self._sports_plan_campaign(campaign, now)
        return created

    @api.model
    def _sports_release_times(self, campaign, now):
        """The campaign's release instants (naive UTC) of this local week and the next,
        from ``now`` on to ``PLAN_AHEAD``, within its dates."""
        tz = self.env["sports.voucher"]._sports_campaign_tz(campaign)
        today = pytz.utc.localize(now).astimezone(tz).date()
        monday = today - datetime.timedelta(days=today.weekday())
        minutes = min(max(round((campaign.release_time or 0.0) * 60), 0), 24 * 60 - 1)
        at = datetime.time(*divmod(minutes, 60))
        times = []
        for week in (0, 1):
            day = monday + datetime.timedelta(days=7 * week + int(campaign.release_weekday or 0))
            if not campaign.date_start <= day <= campaign.date_end:
                continue
            local = tz.localize(datetime.datetime.combine(day, at))
            release = local.astimezone(pytz.utc).replace(tzinfo=None)
            if week and release > now + PLAN_AHEAD:
                continue
            times.append(release)
        return times

    @api.model
    def _sports_plan_campaign(self, campaign, now):
        cr = self.env.cr
        self.flush_model(["campaign_id", "quantity", "face_value"])
        # The budget lock (the same as _check_budget's): planners one after the other.
        cr.execute(
            SQL("SELECT id FROM sports_voucher_campaign WHERE id = %s FOR UPDATE", campaign.id)
        )
        cr.execute(
            SQL(
                "SELECT COALESCE(SUM(quantity * face_value), 0) FROM sports_voucher_batch "
                "WHERE campaign_id = %s",
                campaign.id,
            )
        )
        allocated = cr.fetchone()[0]
        remaining = campaign.budget - allocated
        existing = set(
            self.search_fetch(
                [("campaign_id", "=", campaign.id)], ["denomination_id", "release_at"]
            ).mapped(lambda b: (b.denomination_id.id, b.release_at))
        )
        vals_list = []
        for release in self._sports_release_times(campaign, now):
            for denomination in campaign.denomination_ids.sorted("face_value"):
                if (denomination.id, release) in existing or denomination.quantity_per_batch <= 0:
                    continue
                affordable = math.floor(remaining / denomination.face_value + 1e-9)
                quantity = min(denomination.quantity_per_batch, affordable)
                if quantity <= 0:
                    continue
                remaining -= quantity * denomination.face_value
                vals_list.append(
                    {
                        "campaign_id": campaign.id,
                        "denomination_id": denomination.id,
                        "release_at": release,
                        "quantity": quantity,
                    }
                )
        return self.create(vals_list) if vals_list else self.browse()
