"""The benchmarks' calls into addon internals, in one place.

The card operations, trusted writes, the QR token codec, the day bounds of a venue and the
per-event check of uploads: when one of them changes, adapt it here and every benchmark
follows. Everything else the benchmarks call (``book``, ``_liability_by_type``,
``_compute_days``, ``upload_events``...) is a public API.
"""


# ----------------------------------------------------------------------------------------
# sports_membership: the card API
# ----------------------------------------------------------------------------------------
def card_topup(card, amount, ref, key):
    """Credit ``amount`` to ``card`` (a stored-value card) with the idempotency ``key``."""
    card.topup(amount, key, ref=ref)


def card_charge(Card, card, amount, ref, key):
    """Spend ``amount`` from ``card`` (a record or an id) through the model ``Card``;
    raises UserError when the card cannot pay."""
    Card.browse(card if isinstance(card, int) else card.id).charge(amount, key, ref=ref)


# ----------------------------------------------------------------------------------------
# sports_booking / sports_access: writes the models accept without their own checks
# ----------------------------------------------------------------------------------------
def prevalidated_bookings(Booking):
    """``Booking`` creating bookings whose slots the caller checked (no tracking). Creates
    in superuser mode are trusted; the benchmarks' environment is the superuser's."""
    return Booking.sudo().with_context(
        tracking_disable=True,
        mail_create_nolog=True,
        mail_create_nosubscribe=True,
        mail_notrack=True,
    )


def access_log_writer(Event):
    """``Event`` (sports.access.event) allowed to create access log rows: no user group
    may, so the baseline writes in superuser mode like the upload's one writer."""
    return Event.sudo()


def check_uploaded_event(env, item, points):
    """The values ``upload_events`` derives from one uploaded event ``item``, checked
    against ``points`` ({code: sports.access.point}), as the superuser."""
    return env["sports.access.upload"].sudo()._check_event(item, points)


# ----------------------------------------------------------------------------------------
# sports_access: time and the QR token
# ----------------------------------------------------------------------------------------
def day_bounds(env, tz_name, day):
    """``(start, end)`` naive UTC of the local ``day`` in the zone ``tz_name``, from the
    venue time API (a new venue record in that zone, never saved)."""
    return env["sports.venue"].new({"tz": tz_name})._day_bounds(day)


def forge(token_text):
    """The QR token with its validity extended by a year and the signature kept."""
    from arena_access import token as qrtoken

    raw = bytearray(qrtoken.unb64url(token_text))
    fields_ = list(qrtoken.PAYLOAD.unpack(bytes(raw[: qrtoken.PAYLOAD.size])))
    fields_[6] += 365 * 86400  # valid_to
    raw[: qrtoken.PAYLOAD.size] = qrtoken.PAYLOAD.pack(*fields_)
    return qrtoken.b64url(bytes(raw))
