from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.sports_venue.tools import inputs

from .sports_access_entitlement import TICKET_KINDS

MAX_REASON_LENGTH = 500


class SportsTicketType(models.Model):
    _name = "sports.ticket.type"
    _inherit = ["sports.sold.mixin", "mail.thread"]
    _description = "Ticket Type"
    _order = "venue_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        TICKET_KINDS,
        required=True,
        default="single",
        help="Single entry: one entry. Day pass: any number of entries on one day. Time "
        "slot: entries for a number of minutes after the first one. Multi-use: a number "
        "of entries.",
    )
    venue_id = fields.Many2one(
        comodel_name="sports.venue", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(related="venue_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    area_ids = fields.Many2many(
        comodel_name="sports.area",
        string="Areas",
        domain="[('venue_id', '=', venue_id)]",
        check_company=True,
        help="Areas the ticket opens; empty means every area of the venue.",
    )
    price = fields.Monetary(required=True, default=0.0)
    uses = fields.Integer(string="Entries", default=10, help="Entries of a multi-use ticket.")
    slot_minutes = fields.Integer(
        string="Slot (minutes)", default=120, help="Length of a time-slot ticket."
    )
    validity_days = fields.Integer(
        default=1,
        help="Days the ticket can be used, counting the day of sale; a day pass is valid "
        "on its day only.",
    )
    description = fields.Html(translate=True)
    website_published = fields.Boolean(string="Sold Online", default=True)
    product_id = fields.Many2one(
        comodel_name="product.product",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The product that sells this ticket, created with the type.",
    )
    sold_count = fields.Integer(compute="_compute_sold_count")

    @api.constrains("uses", "slot_minutes", "validity_days", "price", "kind")
    def _check_numbers(self):
        for ticket_type in self:
            if ticket_type.price < 0:
                raise ValidationError(_("A ticket price cannot be negative."))
            if ticket_type.validity_days < 1:
                raise ValidationError(_("A ticket is valid for at least one day."))
            if ticket_type.kind == "multi" and ticket_type.uses < 2:
                raise ValidationError(_("A multi-use ticket has at least two entries."))
            if ticket_type.kind == "slot" and not 15 <= ticket_type.slot_minutes <= 1440:
                raise ValidationError(_("A time slot lasts from 15 minutes to one day."))

    def _compute_sold_count(self):
        counts = dict(
            self.env["sports.access.entitlement"]._read_group(
                [("ticket_type_id", "in", self.ids)], ["ticket_type_id"], ["__count"]
            )
        )
        for ticket_type in self:
            ticket_type.sold_count = counts.get(ticket_type, 0)

    def _entitlement_vals(self, partner, start, name=None):
        """Values of one ticket of this type sold at ``start`` (naive UTC) to ``partner``."""
        self.ensure_one()
        venue = self.venue_id
        local_day = venue._local_date(start)
        days = 1 if self.kind == "day" else self.validity_days
        day_start, _end = venue._day_bounds(local_day)
        _start, valid_to = venue._day_bounds(local_day + timedelta(days=days - 1))
        counted = self.kind in ("single", "multi")
        uses = 1 if self.kind == "single" else self.uses
        return {
            "name": name or self.name,
            "kind": "ticket",
            "ticket_kind": self.kind,
            "ticket_type_id": self.id,
            "company_id": self.company_id.id,
            "venue_ids": [fields.Command.set(venue.ids)],
            "area_ids": [fields.Command.set(self.area_ids.ids)],
            "partner_id": partner.id if partner else False,
            "valid_from": day_start,
            "valid_to": valid_to,
            "counted": counted,
            "uses_total": uses if counted else 0,
            "uses_left": uses if counted else 0,
            "opening_hours": True,
            "slot_minutes": self.slot_minutes if self.kind == "slot" else 0,
        }

    @api.model
    def sell(self, ticket_type, quantity=1, partner=None, ref=None, sale_line=None, reason=None):
        """Give ``quantity`` complimentary tickets of ``ticket_type``: tickets with no
        payment, so a manager only, with a ``reason`` that is logged on the type and kept
        on each ticket. Paid tickets come from the POS or a sale order, which call
        ``_sell`` once paid.

        ``ticket_type`` and ``partner`` are records or ids; ``sale_line`` (a record or an
        id) links the tickets to an order line the caller may read. Returns the
        entitlements, each with its signed QR (``qr_token``) to print.
        """
        # The manager right first, whatever else is passed: a sale line is no right.
        if not self.env.user.has_group("sports_venue.group_arena_manager"):
            raise AccessError(
                _(
                    "Only a venue manager can give tickets without a payment: sell them "
                    "in the POS or on a sale order."
                )
            )
        env = self.env
        if isinstance(ticket_type, models.BaseModel) and (
            len(ticket_type) != 1 or not ticket_type.exists()
        ):
            raise UserError(_("Give exactly one ticket type."))
        ticket_type = inputs.record(
            env, "sports.ticket.type", ticket_type, env._("The ticket type"), required=True
        )
        partner = inputs.record(env, "res.partner", partner, env._("The customer"))
        ref = inputs.key(env, ref, env._("The reference"), required=False)
        sale_line = inputs.record(env, "sale.order.line", sale_line, env._("The order line"))
        reason = inputs.text(
            env,
            reason,
            env._("The reason for the complimentary tickets"),
            required=True,
            max_length=MAX_REASON_LENGTH,
        )
        if not isinstance(quantity, int) or isinstance(quantity, bool) or not 1 <= quantity <= 100:
            raise UserError(_("Sell from 1 to 100 tickets at a time."))
        ticket_type.check_access("write")
        partner.check_access("read")
        if sale_line:
            sale_line.check_access("read")
        self.env["sports.access.entitlement"].check_access("read")
        tickets = ticket_type._sell(quantity, partner, ref, sale_line)
        # sudo: the tickets were issued by _sell; the reason is part of their record.
        tickets.sudo().write({"complimentary_reason": reason})
        ticket_type.message_post(
            body=_(
                "%(count)s complimentary ticket(s) %(names)s for %(partner)s: %(reason)s",
                count=quantity,
                names=", ".join(tickets.mapped("display_name")[:5]),
                partner=partner.display_name or _("no customer"),
                reason=reason,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return tickets

    def _sell(self, quantity, partner, ref, sale_line):
        """Issue ``quantity`` tickets of this type: the work of ``sell``, for server code
        that has checked its caller (the confirmation of a paid order)."""
        self.ensure_one()
        if not self.active:
            raise UserError(_("Ticket type %(type)s is archived.", type=self.name))
        now = fields.Datetime.now()
        vals = self._entitlement_vals(partner, now, name=ref or self.name)
        if sale_line:
            vals["sale_line_id"] = sale_line.id
        return self.env["sports.access.entitlement"]._issue([dict(vals) for _i in range(quantity)])
