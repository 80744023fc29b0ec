import random
from datetime import datetime, time, timedelta

from odoo import Command, api, fields, models

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
_GIVEN = "伟芳娜敏静磊洋勇艳杰涛明超霞平刚"


class SportsEventDemo(models.AbstractModel):
    """The event demo of 南京市体育中心, relative to the day the database is created: an
    open badminton tournament on the Saturday and Sunday at least two weeks ahead,
    blocking two courts, with two ticket types, teams of two to four and registrations
    (the demo member 陈明 among them), each with its gate pass."""

    _name = "sports.event.demo"
    _description = "Event Demo Data"

    @api.model
    def _generate(self):
        if self.env["event.event"].search_count([("sports_venue_id", "!=", False)], limit=1):
            return  # a module update keeps the demo it made
        # install_mode: Odoo's event mail schedulers would run at once and commit in
        # batches, which a data load (and its savepoints) cannot take.
        self = self.with_context(  # noqa: PLW0642
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True, install_mode=True
        )
        ref = self.env.ref
        venue = ref("sports_venue.venue_csc")
        rng = random.Random(1919)
        today = venue._local_date(fields.Datetime.now())
        saturday = today + timedelta(days=14 + (5 - today.weekday()) % 7)
        courts = ref("sports_venue.space_csc_bd5") | ref("sports_venue.space_csc_bd6")
        event = self.env["event.event"].create(
            {
                "name": "南京市羽毛球公开赛",
                "company_id": venue.company_id.id,
                "date_tz": venue._tz_name(),
                "date_begin": venue._to_utc(datetime.combine(saturday, time(8))),
                "date_end": venue._to_utc(datetime.combine(saturday + timedelta(days=1), time(18))),
                "seats_limited": True,
                "seats_max": 64,
                "sports_venue_id": venue.id,
                "sports_space_ids": [Command.set(courts.ids)],
                "sports_team_size_min": 2,
                "sports_team_size_max": 4,
                "website_published": True,
                "event_ticket_ids": [
                    Command.create({"name": "个人报名", "price": 80.0, "seats_max": 32}),
                    Command.create({"name": "团体报名（免费）", "price": 0.0, "seats_max": 32}),
                ],
            }
        )
        self.env["ir.model.data"].create(
            {
                "module": "sports_event",
                "name": "event_demo_badminton_open",
                "model": "event.event",
                "res_id": event.id,
                "noupdate": True,
            }
        )
        event._sports_sync_blocks()
        single = event.event_ticket_ids.sorted("price", reverse=True)[:1]
        Partner = self.env["res.partner"]
        names = set()

        def name():
            while True:
                candidate = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN)
                if candidate not in names:
                    names.add(candidate)
                    return candidate

        players = Partner.create(
            [
                {
                    "name": name(),
                    "city": "南京",
                    "email": f"player{i:02d}@example.com",
                    "phone": f"1391234{5600 + i}",
                }
                for i in range(16)
            ]
        )
        chen = ref("sports_booking.partner_member_chen")
        Team = self.env["sports.event.team"]
        rosters = [
            ("金陵飞羽队", players[0:4]),
            ("钟山羽翼队", players[4:7]),
            ("秦淮风羽队", players[7:9]),
        ]
        vals_list = []
        for team_name, members in rosters:
            captain = members[0]
            Team._sports_register(event, captain, team_name, [(m.name, m.phone) for m in members])
        vals_list += [
            {
                "event_id": event.id,
                "event_ticket_id": single.id,
                "partner_id": partner.id,
                "name": partner.name,
                "email": partner.email or "chenming@example.com",
                "state": "open",
            }
            for partner in chen | players[9:]
        ]
        registrations = self.env["event.registration"].create(vals_list)
        registrations._sports_sync_pass()
        return True
