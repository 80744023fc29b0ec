import itertools
import random
import uuid
from datetime import date, datetime, time, timedelta

import pytz

from odoo import api, fields, models

# Demo members who claimed vouchers of the Nanjing campaign (real names; their phones are
# verified). Names only: the demo is in Chinese like the rest of Arena's demo.
DEMO_NAMES = (
    "王芳 李强 张伟 刘静 陈杰 杨丽 赵磊 黄敏 周鹏 吴婷 徐浩 孙悦 "
    "马超 朱琳 胡斌 郭佳 何晨 高原 林涛 罗欣 梁宇 宋洁 郑凯 谢雯"
).split()
# Mobile prefixes of the demo members' phones.
PREFIXES = ("139", "138", "137", "186", "150", "151", "158", "188")
# Weeks of claims before the current one; each past week's batches were claimed out.
PAST_WEEKS = 4
# Claims of each past week, per denomination xmlid.
PAST_CLAIMS = {
    "denomination_nanjing_15": 6,
    "denomination_nanjing_30": 3,
    "denomination_nanjing_group": 1,
}
# Claims so far of the current week's batch (which has stock left), per denomination.
CURRENT_CLAIMS = {
    "denomination_nanjing_15": 4,
    "denomination_nanjing_30": 2,
    "denomination_nanjing_group": 0,
}


class SportsVoucherDemo(models.AbstractModel):
    """Demo data of the voucher campaigns that depends on the day the database is made."""

    _name = "sports.voucher.demo"
    _description = "Voucher Demo Data"

    @api.model
    def _generate(self):
        """The running campaign of 南京市体育局, four weeks in: weekly batches on Monday
        10:00 (the past ones claimed out, this week's with stock left, next week's
        planned), several dozen vouchers claimed by verified members, some used online and
        at the desk, some expired, one redemption flagged for want of a gate entry, and one
        approved subsidy claim of the first fortnight with its bill and invoice. The portal
        member 陈明 holds one voucher and used another."""
        ref = self.env.ref
        campaign = ref("sports_voucher.campaign_nanjing")
        if campaign.voucher_ids:  # generated already
            return self.env["sports.voucher.batch"]
        now = fields.Datetime.now()
        rng = random.Random(20261201)

        # Dates: the campaign started on the Monday four weeks before this week's; its
        # releases are each Monday at 10:00, local time.
        Voucher = self.env["sports.voucher"]
        tz = Voucher._sports_campaign_tz(campaign)
        today = pytz.utc.localize(now).astimezone(tz).date()
        monday = today - timedelta(days=today.weekday())
        first_monday = monday - timedelta(weeks=PAST_WEEKS)
        campaign.write(
            {
                "date_start": first_monday,
                "date_end": monday + timedelta(weeks=12),
                "state": "running",
            }
        )
        releases = [
            tz.localize(datetime.combine(first_monday + timedelta(weeks=week), time(10)))
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
            for week in range(PAST_WEEKS + 2)
        ]
        released = [moment for moment in releases if moment <= now]
        upcoming = [moment for moment in releases if moment > now][:1]

        chen = ref("sports_booking.partner_member_chen")
        chen.write(
            {
                "sports_real_name": chen.name,
                "sports_verified_phone": chen.phone,
                "sports_phone_verified_at": now - timedelta(weeks=PAST_WEEKS),
                "sports_resident_region_id": ref("sports_venue.region_320102").id,
            }
        )
        members = self._generate_members(now)
        batches = self._generate_batches(campaign, released, upcoming)
        vouchers = self._generate_vouchers(campaign, batches, released[-1], members, chen, rng, now)
        # The holder rows a claim locks, as the claims left them.
        self.env["sports.voucher.holder"].create(
            [
                {
                    "campaign_id": campaign.id,
                    "partner_id": partner.id,
                    "last_claim_at": max(
                        vouchers.filtered(lambda v, p=partner: v.partner_id == p).mapped(
                            "claimed_at"
                        )
                    ),
                }
                for partner in vouchers.partner_id
            ]
        )
        redemptions = self._generate_redemptions(campaign, vouchers, chen)
        flag = self._generate_flag(campaign, redemptions, now)
        self._generate_entries(redemptions - flag.redemption_id)
        self._generate_subsidy_claim(campaign)
        return batches

    @api.model
    def _generate_members(self, now):
        """Verified demo members of 南京, in one create."""
        regions = [self.env.ref(f"sports_venue.region_{code}") for code in ("320102", "320106")]
        return self.env["res.partner"].create(
            [
                {
                    "name": name,
                    "sports_real_name": name,
                    "phone": phone,
                    "sports_verified_phone": phone,
                    "sports_phone_verified_at": now - timedelta(days=40 - index),
                    "sports_resident_region_id": regions[index % 2].id,
                    "sports_birthdate": date(1965 + index, 1 + index % 12, 1 + index % 28),
                    "email": f"voucher.member{index + 1}@example.cn",
                }
                for index, name in enumerate(DEMO_NAMES)
                # One 号段 (7-digit prefix) each: the claim-cluster check stays quiet.
                for phone in [f"+86{PREFIXES[index % len(PREFIXES)]}{2500 + index}{index:04d}"]
            ]
        )

    @api.model
    def _generate_batches(self, campaign, released, upcoming):
        """The past weeks' batches, claimed out; this week's, with stock left; next week's,
        planned. ``claimed_count`` is set as the claims below leave it."""
        ref = self.env.ref
        vals_list = []
        for moment in released + upcoming:
            current = moment == released[-1]
            for xmlid, count in PAST_CLAIMS.items():
                denomination = ref(f"sports_voucher.{xmlid}")
                if moment in upcoming:
                    quantity, claimed = denomination.quantity_per_batch, 0
                elif current:
                    quantity, claimed = denomination.quantity_per_batch, CURRENT_CLAIMS[xmlid]
                else:
                    quantity, claimed = count, count
                vals_list.append(
                    {
                        "campaign_id": campaign.id,
                        "denomination_id": denomination.id,
                        "release_at": moment,
                        "quantity": quantity,
                        "claimed_count": claimed,
                    }
                )
        return self.env["sports.voucher.batch"].create(vals_list)

    @api.model
    def _generate_vouchers(self, campaign, batches, current, members, chen, rng, now):
        """The claimed vouchers of ``batches``, in one create: about half of the older ones
        used, the rest expired or still held. 陈明 claimed the first ¥30 of last week (used
        at the desk) and the first ¥15 of this week (held)."""
        claimants = itertools.cycle(members)
        Voucher = self.env["sports.voucher"]
        vals_list = []
        for batch in batches:
            denomination = batch.denomination_id
            last_week = current - timedelta(weeks=1)
            for index in range(batch.claimed_count):
                chen_held = (
                    index == 0 and batch.release_at == current and denomination.face_value == 15
                )
                chen_used = (
                    index == 0 and batch.release_at == last_week and denomination.face_value == 30
                )
                partner = chen if chen_held or chen_used else next(claimants)
                claimed_at = min(batch.release_at + timedelta(minutes=rng.randint(1, 180)), now)
                if chen_held:
                    claimed_at = max(claimed_at, now - timedelta(hours=20))
                expires_at = Voucher._sports_expiry(campaign, claimed_at)
                vals = Voucher._sports_voucher_vals(
                    batch,
                    partner,
                    claimed_at,
                    ip=f"58.213.{rng.randint(1, 254)}.{rng.randint(1, 254)}",
                    device=f"demo-device-{partner.id}",
                )
                vals["claim_phone"] = partner.sports_verified_phone or partner.phone
                vals["state"] = "expired" if expires_at < now else "held"
                old_enough = claimed_at < now - timedelta(hours=6)
                if chen_used or (not chen_held and old_enough and rng.random() < 0.55):
                    latest = min(expires_at, now - timedelta(hours=1))
                    span = max(int((latest - claimed_at).total_seconds() // 60), 1)
                    vals["state"] = "used"
                    vals["used_at"] = claimed_at + timedelta(minutes=rng.randint(span // 4, span))
                vals_list.append(vals)
        return self.env["sports.voucher"].create(vals_list)

    @api.model
    def _generate_redemptions(self, campaign, vouchers, chen):
        """The 核销 records of the used vouchers, online and at the desk of the sports
        centre; 陈明 used his at the desk."""
        ref = self.env.ref
        # All at the sports centre: the fitness centre has no gates yet (no visitors in its
        # statistics), where any redemption would look abnormal against its passenger flow.
        csc = ref("sports_venue.venue_csc")
        cashier = ref("sports_venue.user_venue_staff")
        vals_list = []
        for index, voucher in enumerate(vouchers.filtered(lambda v: v.state == "used")):
            is_chen = voucher.partner_id == chen
            at_desk = is_chen or index % 3 == 0
            vals_list.append(
                {
                    "voucher_id": voucher.id,
                    "campaign_id": campaign.id,
                    "venue_id": csc.id,
                    "company_id": csc.company_id.id,
                    "channel": "desk" if at_desk else "online",
                    # Online, the member books a slot two hours ahead; at the desk, no slot.
                    "slot_start": False if at_desk else voucher.used_at + timedelta(hours=2),
                    "order_amount": voucher.threshold + 10 * (index % 5),
                    "discount": voucher.face_value,
                    "is_group": voucher.is_group,
                    "redeemed_at": voucher.used_at,
                    "user_id": cashier.id if at_desk else False,
                }
            )
        return self.env["sports.voucher.redemption"].create(vals_list)

    @api.model
    def _generate_flag(self, campaign, redemptions, now):
        """One online redemption of the last days, booked hours ago, whose member never
        passed the gate: a new no-entry flag in the bureau's review queue."""
        window = timedelta(hours=campaign.fraud_entry_hours)
        candidates = redemptions.filtered(
            lambda r: (
                r.channel == "online"
                and r.slot_start + window < now
                and r.redeemed_at.date() > campaign.date_start + timedelta(days=13)
            )
        ).sorted("redeemed_at", reverse=True)
        redemption = candidates[:1]
        if not redemption:
            return self.env["sports.voucher.flag"]
        # The detection's own find-or-create, with the key it uses: the hourly cron finds
        # this flag again instead of raising a second one.
        return self.env["sports.voucher.flag"]._raise(
            "no_entry",
            campaign,
            f"redemption:{redemption.id}",
            venue_id=redemption.venue_id.id,
            redemption_id=redemption.id,
            voucher_id=redemption.voucher_id.id,
            partner_id=redemption.partner_id.id,
            detail=self.env._(
                "No gate entry of the member within %(hours)s hours after the booked start.",
                hours=f"{campaign.fraud_entry_hours:g}",
            ),
        )

    @api.model
    def _generate_entries(self, redemptions):
        """The gate entries of the members who booked online, a few minutes before their
        slot: the no-entry check finds them and flags only the one who never came."""
        point = self.env.ref("sports_access.point_csc_gym_in")
        booked = redemptions.filtered(lambda r: r.slot_start and r.venue_id == point.venue_id)
        return self.env["sports.access.event"]._record(
            [
                {
                    "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"arena-voucher-demo-{r.id}")),
                    "point_id": point.id,
                    "partner_id": r.partner_id.id,
                    "direction": "in",
                    "decision": "granted",
                    "device_time": r.slot_start - timedelta(minutes=10),
                    "source": "online",
                }
                for r in booked
            ],
            consume=False,
        )

    @api.model
    def _generate_subsidy_claim(self, campaign):
        """The sports centre's claim for the campaign's first fortnight: generated,
        submitted by the operator's manager and approved by the bureau's officer, which
        books the bureau's vendor bill and the operator's invoice."""
        ref = self.env.ref
        venue = ref("sports_venue.venue_csc")
        date_from = campaign.date_start
        date_to = date_from + timedelta(days=13)
        Claim = self.env["sports.voucher.subsidy.claim"]
        claims = Claim._generate(campaign, date_from, date_to, venues=venue)
        claims.with_user(ref("sports_venue.user_venue_manager")).action_submit()
        claims.with_user(ref("sports_venue.user_bureau_nanjing")).action_approve()
        return claims
