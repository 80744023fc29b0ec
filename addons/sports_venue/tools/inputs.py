"""Checking what callers pass to Arena's public methods.

Every public method (JSON-2, portal, buttons) turns its raw arguments into values with
these helpers before it does anything else. Each helper either returns a clean value or
raises a translated :class:`ValidationError` naming the argument, so bad input gets an
HTTP 422 with a message and never reaches the database. The helpers accept what a
JSON-2 caller can send (ids, numbers, ISO text) as well as what Python callers pass
(records, datetimes).
"""

import math
import re
from datetime import UTC, date, datetime, time

from odoo.exceptions import ValidationError
from odoo.models import BaseModel

# Times and days outside these years are refused: nothing in a venue happens there, and
# arithmetic on them (a day's end, a time zone shift) overflows near year 9999.
MIN_YEAR, MAX_YEAR = 2000, 2100
# A key or a reference is an identifier, not a document.
MAX_KEY_LENGTH = 128
MAX_TEXT_LENGTH = 2000
# The largest amount of money any single Arena operation accepts, in the company currency.
MAX_AMOUNT = 10_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def amount(env, value, label, *, minimum=0.0, maximum=MAX_AMOUNT, strict=False):
    """A finite float within ``[minimum, maximum]`` (``> minimum`` when ``strict``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                raise ValidationError(env._("%(label)s must be a number.", label=label))
        else:
            raise ValidationError(env._("%(label)s must be a number.", label=label))
    if not math.isfinite(value):
        raise ValidationError(env._("%(label)s must be a finite number.", label=label))
    value = float(value)
    if value > maximum:
        raise ValidationError(
            env._("%(label)s may not exceed %(maximum)s.", label=label, maximum=maximum)
        )
    if value < minimum or (strict and value == minimum):
        if strict:
            raise ValidationError(
                env._("%(label)s must be more than %(minimum)s.", label=label, minimum=minimum)
            )
        raise ValidationError(
            env._("%(label)s may not be less than %(minimum)s.", label=label, minimum=minimum)
        )
    return value


def text(env, value, label, *, required=False, max_length=MAX_TEXT_LENGTH):
    """Stripped text without control characters, or ``None`` when empty and optional."""
    if value is None or value is False or value == "":
        if required:
            raise ValidationError(env._("%(label)s is required.", label=label))
        return None
    if not isinstance(value, str):
        raise ValidationError(env._("%(label)s must be text.", label=label))
    if _CONTROL.search(value):
        raise ValidationError(env._("%(label)s contains control characters.", label=label))
    value = value.strip()
    if required and not value:
        raise ValidationError(env._("%(label)s is required.", label=label))
    if len(value) > max_length:
        raise ValidationError(
            env._(
                "%(label)s is too long (at most %(length)s characters).",
                label=label,
                length=max_length,
            )
        )
    return value or None


def key(env, value, label=None, *, required=True):
    """An idempotency key or an outside reference: short text without control characters."""
    return text(
        env,
        value,
        label or env._("The idempotency key"),
        required=required,
        max_length=MAX_KEY_LENGTH,
    )


def _check_year(env, value, label):
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(
            env._(
                "%(label)s must be between the years %(low)s and %(high)s.",
                label=label,
                low=MIN_YEAR,
                high=MAX_YEAR,
            )
        )
    return value


def moment(env, value, label, *, required=True):
    """A naive UTC datetime from a datetime or ISO 8601 text.

    Text with an offset (``2026-12-01T18:00:00+08:00``) is converted to UTC; text and
    datetimes without one are taken as UTC, as everywhere in Odoo.
    """
    if value is None or value is False or value == "":
        if required:
            raise ValidationError(env._("%(label)s is required.", label=label))
        return None
    if isinstance(value, str):
        if _CONTROL.search(value) or len(value) > 64:
            raise ValidationError(env._("%(label)s is not a date and time.", label=label))
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError(
                env._(
                    "%(label)s is not a date and time; write it like 2026-12-01 18:00:00.",
                    label=label,
                )
            )
    elif isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time.min)
    if not isinstance(value, datetime):
        raise ValidationError(env._("%(label)s is not a date and time.", label=label))
    _check_year(env, value, label)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def day(env, value, label, *, required=True):
    """A date from a date or ISO 8601 text (``2026-12-01``)."""
    if value is None or value is False or value == "":
        if required:
            raise ValidationError(env._("%(label)s is required.", label=label))
        return None
    if isinstance(value, datetime):
        value = value.date()
    elif isinstance(value, str):
        if _CONTROL.search(value) or len(value) > 32:
            raise ValidationError(env._("%(label)s is not a date.", label=label))
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(
                env._("%(label)s is not a date; write it like 2026-12-01.", label=label)
            )
    if not isinstance(value, date):
        raise ValidationError(env._("%(label)s is not a date.", label=label))
    return _check_year(env, value, label)


def record(env, model, value, label, *, required=False, exists=True):
    """The one existing record of ``model`` that ``value`` (a record or an id) names.

    Returns an empty recordset when ``value`` is empty and optional. Access rights are not
    checked here: the caller reads the record under its own rights afterwards. With
    ``exists=False`` the record is not looked up (one query less): the caller must read it
    at once and say when it is missing (see ``missing()``).
    """
    Model = env[model]
    if value is None or value is False:
        if required:
            raise ValidationError(env._("%(label)s is required.", label=label))
        return Model
    if isinstance(value, BaseModel):
        if value._name != model or len(value) > 1:
            raise ValidationError(env._("%(label)s must be one record.", label=label))
        if not value and required:
            raise ValidationError(env._("%(label)s is required.", label=label))
        found = value.with_env(env)
    elif isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31:
        found = Model.browse(value)
    else:
        raise ValidationError(env._("%(label)s must be the id of a record.", label=label))
    if exists and found and not found.exists():
        raise missing(env, found, label)
    return found


def missing(env, found, label):
    """The error for a record ``found`` that does not exist."""
    return ValidationError(env._("%(label)s does not exist (id %(id)s).", label=label, id=found.id))


def choice(env, value, label, choices):
    """``value`` when it is one of ``choices`` (a selection's keys)."""
    if not isinstance(value, str) or value not in choices:
        raise ValidationError(
            env._(
                "%(label)s must be one of: %(choices)s.",
                label=label,
                choices=", ".join(choices),
            )
        )
    return value
