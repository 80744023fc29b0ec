import base64

from odoo import api, fields, models

from .sports_access_entitlement import BOOKING_LEAD

# Booking states in which the booking opens its area.
OPEN_STATES = ("confirmed", "checked_in", "done")
# States in which its QR is revoked.
CLOSED_STATES = ("cancelled", "expired", "no_show")
# Pixels of the QR images drawn for the booking page and the pass mail: shown at about
# half that size in CSS pixels, they stay sharp on a phone's high-density screen.
QR_PIXELS = 480
# The file name of the QR image in the pass mail, also its Content-ID there.
QR_FILENAME = "booking-pass-qr.png"


class SportsBooking(models.Model):
    _inherit = "sports.booking"

    @api.model_create_multi
    def create(self, vals_list):
        bookings = super().create(vals_list)
        bookings._access_sync()
        return bookings

    def write(self, vals):
        result = super().write(vals)
        if {"state", "start_at", "end_at", "space_id", "partner_id"} & set(vals):
            self._access_sync()
        return result

    def action_cancel(self):
        # The base cancellation writes the state past write(): sync the passes here.
        result = super().action_cancel()
        self._access_sync()
        return result

    @api.model
    def _cron_expire_and_no_show(self):
        # A booking whose pass was granted an entry is not a no-show, even when its
        # check-in was missed (an entry recorded before this module checked bookings in).
        self._check_in_entered(fields.Datetime.now())
        return super()._cron_expire_and_no_show()

    @api.model
    def _check_in_entered(self, now):
        """Check in the started, still confirmed bookings whose pass has a granted entry."""
        started = self.search(
            [("state", "=", "confirmed"), ("kind", "=", "booking"), ("start_at", "<", now)]
        )
        if not started:
            return
        # sudo: the cron reads the access log, which only the access managers may read.
        entries = (
            self.env["sports.access.event"]
            .sudo()
            .search(
                [
                    ("entitlement_id.booking_id", "in", started.ids),
                    ("decision", "=", "granted"),
                    ("direction", "=", "in"),
                ]
            )
        )
        entries._check_in_bookings()

    def _access_vals(self):
        self.ensure_one()
        return {
            "name": self.name,
            "kind": "booking",
            "booking_id": self.id,
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "venue_ids": [(6, 0, self.venue_id.ids)],
            "area_ids": [(6, 0, self.space_id.area_id.ids)],
            "valid_from": self.start_at - BOOKING_LEAD,
            "valid_to": self.end_at,
            "counted": False,
            "opening_hours": False,
        }

    def _access_sync(self):
        """Open the booked area to the booking's QR while it is confirmed."""
        # sudo: a booking's gate pass follows its confirmation or cancellation, done by
        # the customer's payment or by staff.
        bookings = self.sudo().filtered(lambda b: b.kind == "booking")
        if not bookings:
            return
        Entitlement = self.env["sports.access.entitlement"].sudo()
        existing = Entitlement.search([("booking_id", "in", bookings.ids)])
        by_booking = {entitlement.booking_id: entitlement for entitlement in existing}
        issued = self.env["sports.booking"]  # bookings whose pass got a new QR
        for booking in bookings:
            entitlement = by_booking.get(booking)
            if booking.state in OPEN_STATES:
                vals = booking._access_vals()
                if not entitlement:
                    Entitlement._issue([vals])
                    issued |= booking
                elif entitlement.state == "active":
                    moved = (entitlement.valid_from, entitlement.valid_to) != (
                        vals["valid_from"],
                        vals["valid_to"],
                    )
                    entitlement.write(
                        {k: v for k, v in vals.items() if k not in ("kind", "booking_id")}
                    )
                    if moved:
                        # The QR carries its validity: a moved booking gets a new one.
                        entitlement.credential_ids.filtered(lambda c: c.kind == "qr")._revoke(
                            "moved"
                        )
                        entitlement._issue_qr()
                        issued |= booking
            elif booking.state in CLOSED_STATES and entitlement:
                entitlement._revoke(booking.state)
        issued._send_pass_mail()

    def _pass_qr(self):
        """The active QR credential of this booking's pass while the pass opens the gate,
        or an empty recordset (held, closed, over, or no pass)."""
        self.ensure_one()
        if self.state not in ("confirmed", "checked_in") or self.end_at <= fields.Datetime.now():
            return self.env["sports.access.credential"]
        # sudo: the pass and its QR are the system's; callers show them only to the
        # booking's own customer (see _portal_pass).
        entitlement = (
            self.env["sports.access.entitlement"]
            .sudo()
            .search([("booking_id", "=", self.id), ("state", "=", "active")], limit=1)
        )
        return entitlement.credential_ids.filtered(
            lambda c: c.kind == "qr" and c.state == "active"
        )[:1]

    def _portal_pass(self, user):
        """What the booking page shows ``user`` of the booking's pass: its QR image and
        validity window, only to the customer who booked (or a contact of the same
        company), never to a visitor holding a shared link."""
        self.ensure_one()
        owner = (
            not user._is_public()
            and self.partner_id
            and user.partner_id.commercial_partner_id == self.partner_id.commercial_partner_id
        )
        qr = self._pass_qr() if owner else self.env["sports.access.credential"]
        return {
            "owner": bool(owner),
            "qr_src": qr._qr_data_uri(QR_PIXELS) if qr else None,
            "valid_from": qr.valid_from,
            "valid_to": qr.valid_to,
        }

    def _send_pass_mail(self):
        """Mail their customers the new QR of these bookings' passes, as an inline PNG.
        ``sports_pass_no_mail`` in the context skips it: passes given at install time
        or to demo bookings announce nothing."""
        if self.env.context.get("sports_pass_no_mail"):
            return
        template = self.env.ref(
            "sports_access_booking.mail_template_booking_pass", raise_if_not_found=False
        )
        now = fields.Datetime.now()
        bookings = self.filtered(
            lambda b: b.state == "confirmed" and b.partner_id.email and b.end_at > now
        )
        if not template or not bookings:
            return
        for booking in bookings:
            qr = booking._pass_qr()
            if not qr:
                continue
            # sudo: the pass mail follows the confirmation, by the customer's payment or by
            # staff; its QR image is read from the system's credential.
            template.sudo().send_mail(
                booking.id,
                email_layout_xmlid="mail.mail_notification_light",
                email_values={
                    "attachments": [(QR_FILENAME, base64.b64encode(qr.sudo()._qr_png(QR_PIXELS)))]
                },
            )
