"""Demo data that XML cannot express: tickets sold today and a month of passages."""

import random
import uuid as uuidlib
from datetime import timedelta

from odoo import api, fields, models


class SportsAccessDemo(models.AbstractModel):
    _name = "sports.access.demo"
    _description = "Access Demo Data"

    @api.model
    def _generate(self, days=30):
        """A few sold tickets, and ``days`` days of synthetic passages at the demo venue,
        then their daily statistics. (The bridges give demo cards and bookings their
        passes when they install.)"""
        ref = self.env.ref
        venue = ref("sports_venue.venue_csc")
        now = fields.Datetime.now()
        Entitlement = self.env["sports.access.entitlement"]
        sales = [
            ("sports_access.ticket_type_swim_single", "sports_access.partner_ticket_sun"),
            ("sports_access.ticket_type_swim_ten", "sports_access.partner_ticket_ma"),
            ("sports_access.ticket_type_gym_day", "sports_access.partner_ticket_he"),
            ("sports_access.ticket_type_swim_slot", "sports_access.partner_ticket_guo"),
        ]
        member = self.env["res.users"].search([("login", "=", "member")], limit=1)
        if member:
            sales.append(("sports_access.ticket_type_swim_single", member.partner_id))
        for type_xmlid, partner in sales:
            ticket_type = ref(type_xmlid)
            partner = ref(partner) if isinstance(partner, str) else partner
            Entitlement._issue([ticket_type._entitlement_vals(partner, now)])

        points = self.env["sports.access.point"].search([("venue_id", "=", venue.id)])
        by_code = {point.code: point for point in points}
        pairs = [("pool-in-1", "pool-out-1"), ("gym-in-1", "gym-out-1")]
        credentials = self.env["sports.access.credential"].search(
            [("company_id", "=", venue.company_id.id), ("state", "=", "active")]
        )
        rng = random.Random(20261125)
        rows = []
        today = venue._local_date(fields.Datetime.now())
        for day_offset in range(days, -1, -1):
            day = today - timedelta(days=day_offset)
            opening, _close = venue._day_bounds(day)
            weekend = day.weekday() >= 5
            visitors = rng.randint(260, 380) if weekend else rng.randint(140, 240)
            for visitor in range(visitors):
                known = credentials and rng.random() < 0.08
                credential = rng.choice(credentials) if known else None
                person = (
                    f"p{credential.partner_id.id}"
                    if credential and credential.partner_id
                    else f"rqr:{day}-{visitor}"
                )
                entry_in, entry_out = pairs[rng.random() < 0.45]
                visits = 1 if rng.random() < 0.85 else 2
                start = opening + timedelta(hours=6.5 + rng.random() * 13)
                for _visit in range(visits):
                    stay = timedelta(minutes=rng.randint(40, 150))
                    if start + stay > min(now, opening + timedelta(hours=22)):
                        break
                    for code, moment in ((entry_in, start), (entry_out, start + stay)):
                        point = by_code[code]
                        rows.append(
                            {
                                "uuid": str(uuidlib.UUID(int=rng.getrandbits(128), version=4)),
                                "point_id": point.id,
                                "area_id": point.area_id.id,
                                "venue_id": venue.id,
                                "company_id": venue.company_id.id,
                                "credential_id": credential.id if credential else None,
                                "credential_kind": credential.kind if credential else "qr",
                                "credential_ref": None if credential else person[1:],
                                "entitlement_id": credential.entitlement_id.id
                                if credential
                                else None,
                                "partner_id": credential.partner_id.id if credential else None,
                                "person_key": person,
                                "direction": point.direction,
                                "decision": "granted",
                                "reason": None,
                                "device_time": moment,
                                "source": "offline",
                            }
                        )
                    if rng.random() < 0.03:
                        point = by_code[entry_in]
                        rows.append(
                            dict(
                                rows[-2],
                                uuid=str(uuidlib.UUID(int=rng.getrandbits(128), version=4)),
                                decision="denied",
                                reason=rng.choice(["passback", "expired", "sharing"]),
                                device_time=start + timedelta(minutes=1),
                            )
                        )
                    start += stay + timedelta(minutes=rng.randint(30, 240))
        Event = self.env["sports.access.event"]
        for index in range(0, len(rows), 2000):
            Event._insert_rows(rows[index : index + 2000])
        self.env["sports.access.daily"]._compute_days(today - timedelta(days=days), today, venue)
