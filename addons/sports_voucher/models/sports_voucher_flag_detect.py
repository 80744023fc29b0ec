import logging
from collections import defaultdict
from datetime import timedelta

import phonenumbers

from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ

_logger = logging.getLogger(__name__)

# How far back the hourly checks look: older suspicions were flagged by earlier runs.
LOOKBACK_DAYS = 35
# Redeem-and-refund counts over this many days.
REFUND_DAYS = 30
# A member may pass the gate this long before the booked start.
EARLY_ENTRY = timedelta(hours=1)
# The phone prefix (号段): the first digits of the national number.
PREFIX_DIGITS = 7


class SportsVoucherFlag(models.Model):
    """The anti-fraud checks of the hourly cron. Each is one SQL query or ``_read_group``
    and raises its flags through ``_raise``, so that running them again raises nothing
    twice."""

    _inherit = "sports.voucher.flag"

    def _cron_detect(self):
        """Run every anti-fraud check over the campaigns that are not drafts."""
        now = fields.Datetime.now()
        for model in ("sports.voucher.redemption", "sports.voucher", "sports.voucher.flag"):
            self.env[model].flush_model()
        campaigns = self.env["sports.voucher.campaign"].sudo().search([("state", "!=", "draft")])
        if not campaigns:
            return True
        raised = self.browse()
        raised |= self._detect_no_entry(campaigns, now)
        raised |= self._detect_refund_repeat(campaigns, now)
        raised |= self._detect_claim_cluster(campaigns)
        raised |= self._detect_venue_ratio(campaigns, now)
        raised |= self._detect_group_double(campaigns, now)
        _logger.info("Voucher anti-fraud: %s flag(s) to review", len(raised))
        return True

    def _detect_no_entry(self, campaigns, now):
        """A valid redemption of a booked slot whose member passed no gate of the venue
        (a granted entry, by their own id or a credential of theirs) from EARLY_ENTRY
        before the start until ``fraud_entry_hours`` after it, once that window is over."""
        self.env["sports.access.event"].flush_model()
        self.env["sports.booking"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH slots AS (
                    SELECT r.id, r.campaign_id, r.venue_id, r.voucher_id, r.partner_id,
                           COALESCE(r.slot_start, b.start_at) AS start_at,
                           c.fraud_entry_hours AS hours
                      FROM sports_voucher_redemption r
                      JOIN sports_voucher_campaign c ON c.id = r.campaign_id
                 LEFT JOIN sports_booking b ON b.id = r.booking_id
                     WHERE r.state = 'valid'
                       AND r.campaign_id IN %(campaigns)s
                       AND r.partner_id IS NOT NULL
                       AND r.redeemed_at >= %(since)s
                )
                SELECT s.id, s.campaign_id, s.venue_id, s.voucher_id, s.partner_id, s.start_at
                  FROM slots s
                 WHERE s.start_at IS NOT NULL
                   AND s.start_at + make_interval(secs => s.hours * 3600) < %(now)s
                   AND NOT EXISTS (
                        SELECT 1 FROM sports_voucher_flag f
                         WHERE f.campaign_id = s.campaign_id AND f.kind = 'no_entry'
                           AND f.key = 'redemption:' || s.id)
                   AND NOT EXISTS (
                        SELECT 1
                          FROM sports_access_event e
                     LEFT JOIN sports_access_credential cr ON cr.id = e.credential_id
                         WHERE e.venue_id = s.venue_id
                           AND e.direction = 'in'
                           AND e.decision = 'granted'
                           AND e.device_time >= s.start_at - %(early)s
                           AND e.device_time <= s.start_at + make_interval(secs => s.hours * 3600)
                           AND COALESCE(e.partner_id, cr.partner_id) = s.partner_id)
                """,
                campaigns=tuple(campaigns.ids),
                since=now - timedelta(days=LOOKBACK_DAYS),
                now=now,
                early=EARLY_ENTRY,
            )
        )
        flags = self.browse()
        Campaign = self.env["sports.voucher.campaign"]
        for rid, campaign_id, venue_id, voucher_id, partner_id, start in self.env.cr.fetchall():
            flags |= self._raise(
                "no_entry",
                Campaign.browse(campaign_id),
                f"redemption:{rid}",
                venue_id=venue_id,
                redemption_id=rid,
                voucher_id=voucher_id,
                partner_id=partner_id,
                detail=self.env._(
                    "No gate entry of the member at the venue around the booked start "
                    "%(start)s (UTC).",
                    start=fields.Datetime.to_string(start),
                ),
            )
        return flags

    def _detect_refund_repeat(self, campaigns, now):
        """A person with ``fraud_refund_count`` or more refunded redemptions of a campaign
        in REFUND_DAYS days (one flag per person and campaign)."""
        self.env.cr.execute(
            SQL(
                """
                SELECT r.campaign_id, r.partner_id, count(*),
                       CASE WHEN count(DISTINCT r.venue_id) = 1 THEN min(r.venue_id) END
                  FROM sports_voucher_redemption r
                  JOIN sports_voucher_campaign c ON c.id = r.campaign_id
                 WHERE r.state = 'refunded'
                   AND r.campaign_id IN %(campaigns)s
                   AND r.partner_id IS NOT NULL
                   AND COALESCE(r.refunded_at, r.write_date) >= %(since)s
                   AND c.fraud_refund_count > 0
              GROUP BY r.campaign_id, r.partner_id, c.fraud_refund_count
                HAVING count(*) >= c.fraud_refund_count
                """,
                campaigns=tuple(campaigns.ids),
                since=now - timedelta(days=REFUND_DAYS),
            )
        )
        flags = self.browse()
        Campaign = self.env["sports.voucher.campaign"]
        for campaign_id, partner_id, count, venue_id in self.env.cr.fetchall():
            flags |= self._raise(
                "refund_repeat",
                Campaign.browse(campaign_id),
                f"partner:{partner_id}",
                partner_id=partner_id,
                venue_id=venue_id,
                detail=self.env._(
                    "%(count)s redemptions refunded within %(days)s days.",
                    count=count,
                    days=REFUND_DAYS,
                ),
            )
        return flags

    def _detect_claim_cluster(self, campaigns):
        """Many claims of a campaign from one device, one IP address or one 7-digit phone
        prefix (号段); the key says which."""
        Voucher = self.env["sports.voucher"].sudo()
        flags = self.browse()
        for field, limit_field, label in (
            ("claim_device", "fraud_claims_per_device", "device"),
            ("claim_ip", "fraud_claims_per_ip", "ip"),
        ):
            groups = Voucher._read_group(
                [("campaign_id", "in", campaigns.ids), (field, "!=", False)],
                ["campaign_id", field],
                ["__count"],
            )
            for campaign, value, count in groups:
                limit = campaign[limit_field]
                if limit and count >= limit:
                    flags |= self._raise(
                        "claim_cluster",
                        campaign,
                        f"{label}:{value}",
                        detail=self.env._(
                            "%(count)s vouchers claimed from %(what)s %(value)s.",
                            count=count,
                            what=label,
                            value=value,
                        ),
                    )
        prefixes = defaultdict(int)
        for campaign, phone, count in Voucher._read_group(
            [("campaign_id", "in", campaigns.ids), ("claim_phone", "!=", False)],
            ["campaign_id", "claim_phone"],
            ["__count"],
        ):
            prefix = self._phone_prefix(phone)
            if prefix:
                prefixes[campaign, prefix] += count
        for (campaign, prefix), count in prefixes.items():
            limit = campaign.fraud_claims_per_prefix
            if limit and count >= limit:
                flags |= self._raise(
                    "claim_cluster",
                    campaign,
                    f"prefix:{prefix}",
                    detail=self.env._(
                        "%(count)s vouchers claimed with phone numbers starting %(prefix)s.",
                        count=count,
                        prefix=prefix,
                    ),
                )
        return flags

    def _phone_prefix(self, phone):
        """The first PREFIX_DIGITS digits of the national number of ``phone`` (E.164, or
        a Chinese number without its country code); None when it does not parse."""
        try:
            number = phonenumbers.parse(phone, "CN")
        except phonenumbers.NumberParseException:
            return None
        national = str(number.national_number)
        return national[:PREFIX_DIGITS] if len(national) >= PREFIX_DIGITS else None

    def _detect_venue_ratio(self, campaigns, now):
        """A venue whose redemptions of a campaign on a local day exceed
        ``fraud_venue_ratio`` times its unique visitors of that day (the regulation
        statistics); days without statistics are not judged."""
        self.env["sports.venue.stat"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH daily AS (
                    SELECT r.campaign_id, r.venue_id,
                           (r.redeemed_at AT TIME ZONE 'UTC'
                                AT TIME ZONE COALESCE(v.tz, %(tz)s))::date AS day,
                           count(*) AS redeemed
                      FROM sports_voucher_redemption r
                      JOIN sports_venue v ON v.id = r.venue_id
                     WHERE r.state = 'valid'
                       AND r.campaign_id IN %(campaigns)s
                       AND r.redeemed_at >= %(since)s
                  GROUP BY 1, 2, 3
                )
                SELECT d.campaign_id, d.venue_id, d.day, d.redeemed, st.unique_visitors
                  FROM daily d
                  JOIN sports_voucher_campaign c ON c.id = d.campaign_id
                  JOIN sports_venue_stat st ON st.venue_id = d.venue_id AND st.date = d.day
                 WHERE c.fraud_venue_ratio > 0
                   AND d.redeemed > c.fraud_venue_ratio * COALESCE(st.unique_visitors, 0)
                """,
                tz=DEFAULT_TZ,
                campaigns=tuple(campaigns.ids),
                since=now - timedelta(days=LOOKBACK_DAYS),
            )
        )
        flags = self.browse()
        Campaign = self.env["sports.voucher.campaign"]
        for campaign_id, venue_id, day, redeemed, visitors in self.env.cr.fetchall():
            flags |= self._raise(
                "venue_ratio",
                Campaign.browse(campaign_id),
                f"venue:{venue_id}:{day}",
                venue_id=venue_id,
                detail=self.env._(
                    "%(redeemed)s vouchers redeemed on %(day)s for %(visitors)s unique visitors.",
                    redeemed=redeemed,
                    day=day,
                    visitors=visitors or 0,
                ),
            )
        return flags

    def _detect_group_double(self, campaigns, now):
        """Two valid redemptions of whole-court group vouchers on one booking, or on
        overlapping bookings of one space (one group voucher per slot)."""
        self.env.cr.execute(
            SQL(
                """
                WITH g AS (
                    SELECT r.id, r.campaign_id, r.venue_id, r.voucher_id, r.partner_id,
                           b.id AS booking_id, b.space_id, b.start_at, b.end_at
                      FROM sports_voucher_redemption r
                      JOIN sports_voucher v ON v.id = r.voucher_id AND v.is_group
                      JOIN sports_booking b ON b.id = r.booking_id
                     WHERE r.state = 'valid'
                       AND r.campaign_id IN %(campaigns)s
                       AND r.redeemed_at >= %(since)s
                )
                SELECT g1.campaign_id, g1.venue_id, g1.id, g2.id, g2.voucher_id, g2.partner_id
                  FROM g g1
                  JOIN g g2 ON g2.id > g1.id
                           AND (g2.booking_id = g1.booking_id
                                OR (g2.space_id = g1.space_id
                                    AND g2.start_at < g1.end_at AND g1.start_at < g2.end_at))
                """,
                campaigns=tuple(campaigns.ids),
                since=now - timedelta(days=LOOKBACK_DAYS),
            )
        )
        flags = self.browse()
        Campaign = self.env["sports.voucher.campaign"]
        for campaign_id, venue_id, first, second, voucher_id, partner_id in self.env.cr.fetchall():
            flags |= self._raise(
                "group_double",
                Campaign.browse(campaign_id),
                f"redemptions:{first}:{second}",
                venue_id=venue_id,
                redemption_id=second,
                voucher_id=voucher_id,
                partner_id=partner_id,
                detail=self.env._(
                    "A second group voucher in the slot of redemption %(first)s.", first=first
                ),
            )
        return flags
