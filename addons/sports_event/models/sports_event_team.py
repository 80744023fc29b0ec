import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.sports_venue.tools import inputs
from odoo.addons.sports_venue.tools.phone import normalize_cn_phone

TEAM_NAME_LENGTH = 64
MEMBER_NAME_LENGTH = 128


class SportsEventTeam(models.Model):
    """A team registered for a tournament: its captain and its members' registrations."""

    _name = "sports.event.team"
    _description = "Event Team"
    _order = "event_id, name"
    _check_company_auto = True

    name = fields.Char(required=True)
    event_id = fields.Many2one(
        comodel_name="event.event", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="event_id.company_id", store=True, index=True)
    captain_partner_id = fields.Many2one(comodel_name="res.partner", string="Captain")
    registration_ids = fields.One2many(
        comodel_name="event.registration", inverse_name="sports_team_id", string="Members"
    )
    member_count = fields.Integer(compute="_compute_member_count")

    _name_unique = models.UniqueIndex(
        "(event_id, lower(name))", "A team of this name is already registered for this event."
    )

    def _compute_member_count(self):
        groups = self.env["event.registration"]._read_group(
            [("sports_team_id", "in", self.ids), ("state", "!=", "cancel")],
            ["sports_team_id"],
            ["__count"],
        )
        counts = {team.id: count for team, count in groups}
        for team in self:
            team.member_count = counts.get(team.id, 0)

    # ------------------------------------------------------------------ registering
    @api.model
    def _sports_team_ticket(self, event):
        """The ticket team members register with: the event's first free ticket, or none
        when the event has no tickets. Paid tickets go through the shop, one by one."""
        tickets = event.event_ticket_ids
        if not tickets:
            return tickets
        free = tickets.filtered(lambda t: not t.price and t.sale_available)
        if not free:
            raise UserError(
                self.env._(
                    "%(event)s has paid tickets only: each team member registers and pays on "
                    "the event's page.",
                    event=event.name,
                )
            )
        return free[:1]

    @api.model
    def _sports_register(self, event, captain, name, members):
        """Register the team ``name`` of ``captain`` for ``event`` with ``members``, a list
        of ``(name, phone)``: the team and one registration per member, all or nothing.
        Raises a UserError or ValidationError saying what is wrong."""
        env = self.env
        event = event.exists()
        if not event or not event.sports_team_size_max:
            raise UserError(env._("This event takes no team registrations."))
        if event.is_multi_slots:
            raise UserError(env._("Teams cannot register for an event with time slots."))
        if not event.event_registrations_open:
            raise UserError(env._("Registrations for %(event)s are closed.", event=event.name))
        name = inputs.text(
            env, name, env._("The team name"), required=True, max_length=TEAM_NAME_LENGTH
        )
        rows, phones = [], set()
        for index, (member_name, member_phone) in enumerate(members, start=1):
            label = env._("Member %(number)s", number=index)
            member_name = inputs.text(
                env,
                member_name,
                env._("The name of %(member)s", member=label),
                required=True,
                max_length=MEMBER_NAME_LENGTH,
            )
            phone_text = inputs.text(
                env, member_phone, env._("The phone of %(member)s", member=label), required=True
            )
            try:
                phone = normalize_cn_phone(env, phone_text)
            except ValidationError as error:
                raise ValidationError(f"{label}: {error.args[0]}") from None
            if phone in phones:
                raise ValidationError(
                    env._(
                        "%(member)s has the phone of another member: %(phone)s.",
                        member=label,
                        phone=phone_text,
                    )
                )
            phones.add(phone)
            rows.append((member_name, phone))
        low, high = max(event.sports_team_size_min, 1), event.sports_team_size_max
        if not low <= len(rows) <= high:
            raise ValidationError(
                env._(
                    "A team of %(event)s has %(low)s to %(high)s members, not %(count)s.",
                    event=event.name,
                    low=low,
                    high=high,
                    count=len(rows),
                )
            )
        if self.search_count([("event_id", "=", event.id), ("name", "=ilike", name)]):
            raise ValidationError(
                env._("A team called %(name)s is already registered for this event.", name=name)
            )
        ticket = self._sports_team_ticket(event)
        # Odoo's own seat check, the event's and the ticket's, for the whole team at once.
        event._verify_seats_availability([(False, ticket, len(rows))])
        try:
            with env.cr.savepoint():
                team = self.create(
                    {"name": name, "event_id": event.id, "captain_partner_id": captain.id}
                )
                captain_phone = captain.phone and _quiet_phone(env, captain.phone)
                env["event.registration"].create(
                    [
                        {
                            "event_id": event.id,
                            "event_ticket_id": ticket.id,
                            "sports_team_id": team.id,
                            "name": member_name,
                            "phone": phone,
                            "partner_id": captain.id if phone == captain_phone else False,
                            "email": captain.email if phone == captain_phone else False,
                        }
                        for member_name, phone in rows
                    ]
                )
        except psycopg2.errors.UniqueViolation:
            raise ValidationError(
                env._("A team called %(name)s is already registered for this event.", name=name)
            ) from None
        return team


def _quiet_phone(env, phone):
    """``phone`` in E.164, or None when it is not a valid number (never raises)."""
    try:
        return normalize_cn_phone(env, phone)
    except ValidationError:
        return None
