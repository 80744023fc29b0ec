"""The benchmarks' calls into addon APIs that issue 11 reshapes, in one place.

The card operations, the context markers of pre-validated writes, the QR token codec, the
day bounds of a venue and the per-event check of uploads are being moved or renamed; adapt
them here and every benchmark follows. Everything else the benchmarks call (``book``,
``_liability_by_type``, ``_compute_days``, ``upload_events``...) is a stable API.
"""


# ----------------------------------------------------------------------------------------
# sports_membership: the card API
# ----------------------------------------------------------------------------------------
def card_topup(card, amount, ref, key):
    """Credit ``amount`` to ``card`` (a stored-value card) with the idempotency ``key``."""
    card.action_topup(amount, ref, key)


def card_charge(Card, card, amount, ref, key):
    """Spend ``amount`` from ``card`` (a record or an id) through the model ``Card``;
    raises UserError when the card cannot pay."""
    Card.charge(card, amount, ref, key)


# ----------------------------------------------------------------------------------------
# sports_booking / sports_access: writes the models accept without their own checks
# ----------------------------------------------------------------------------------------
def prevalidated_bookings(Booking):
    """``Booking`` creating bookings whose slots the caller checked (no tracking)."""
    from odoo.addons.sports_booking.models.sports_booking import VALIDATED

    return Booking.with_context(
        sports_booking_validated=VALIDATED,
        tracking_disable=True,
        mail_create_nolog=True,
        mail_create_nosubscribe=True,
        mail_notrack=True,
    )


def access_log_writer(Event):
    """``Event`` (sports.access.event) allowed to create access log rows."""
    from odoo.addons.sports_access.models.sports_access_event import ACCESS_LOG

    return Event.with_context(arena_access_log=ACCESS_LOG)


def check_uploaded_event(env, item, points):
    """The values ``upload_events`` derives from one uploaded event ``item``, checked
    against ``points`` ({code: sports.access.point}), as the superuser."""
    return env["sports.access.api"].sudo()._check_event(item, points)


# ----------------------------------------------------------------------------------------
# sports_access: time and the QR token
# ----------------------------------------------------------------------------------------
def day_bounds(env, tz_name, day):
    """``(start, end)`` naive UTC of the local ``day`` in the zone ``tz_name``."""
    return env["sports.access.entitlement"]._day_bounds(tz_name, day)


def forge(token_text):
    """The QR token with its validity extended by a year and the signature kept."""
    from odoo.addons.sports_access.tools import qrtoken

    raw = bytearray(qrtoken.unb64url(token_text))
    fields_ = list(qrtoken.PAYLOAD.unpack(bytes(raw[: qrtoken.PAYLOAD.size])))
    fields_[6] += 365 * 86400  # valid_to
    raw[: qrtoken.PAYLOAD.size] = qrtoken.PAYLOAD.pack(*fields_)
    return qrtoken.b64url(bytes(raw))
