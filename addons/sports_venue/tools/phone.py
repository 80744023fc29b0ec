"""Phone number helpers shared by every Arena addon."""

import phonenumbers

from odoo.exceptions import ValidationError


def normalize_cn_phone(env, value):
    """Return ``value`` as an E.164 number, parsed with China (+86) as default region.

    Empty values pass through as ``False``. Anything that is not a valid number
    raises a translated :class:`ValidationError` that quotes the input.
    """
    if not value or not value.strip():
        return False
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            env._(
                "%(phone)s is not a phone number. Enter it like 138 0013 8000 or +86 10 6512 3456.",
                phone=value,
            )
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            env._(
                "%(phone)s is not a valid phone number. Check the number of digits and the area code.",
                phone=value,
            )
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
