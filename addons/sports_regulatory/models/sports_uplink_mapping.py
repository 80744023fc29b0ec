"""The one place where Arena's fields map onto the uplink payload and back.

``data/national_platform_schema.json`` defines the payload (our reading of the national
platform's interface, whose specification is not public). When the platform's fields
change, this file and the schema change, nothing else: the outbox, the signing and the
receiver only move the envelopes these methods build and read.
"""

import json
from datetime import date, datetime, timedelta
from functools import lru_cache

import jsonschema
import pytz

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import file_path

# The platform speaks Beijing time, whatever a venue's own zone.
PLATFORM_TZ = pytz.timezone("Asia/Shanghai")
SCHEMA_PATH = "sports_regulatory/data/national_platform_schema.json"
# Outbox kinds (sports.uplink.message.kind) and the envelope's message types.
KIND_TO_TYPE = {
    "venue": "venue_registration",
    "flow_hourly": "hourly_flow",
    "daily": "daily_summary",
}
TYPE_TO_KIND = {value: key for key, value in KIND_TO_TYPE.items()}
# The daily summary's figures, by payload key: (sports.venue.stat field, JSON type).
DAILY_FIELDS = {
    "is_open": ("is_open", bool),
    "is_holiday": ("is_holiday", bool),
    "open_hours": ("open_hours", float),
    "public_benefit_hours": ("public_benefit_hours", float),
    "entries": ("entries", int),
    "exits": ("exits", int),
    "unique_visitors": ("unique_visitors", int),
    "peak_occupancy": ("peak_occupancy", int),
    "public_benefit_visitors": ("public_benefit_visitors", int),
    "free_visitors": ("free_visitors", int),
    "low_fee_visitors": ("low_fee_visitors", int),
    "student_visitors": ("student_visitors", int),
    "senior_visitors": ("senior_visitors", int),
    "disabled_visitors": ("disabled_visitors", int),
    "booking_count": ("booking_count", int),
    "booked_hours": ("booked_hours", float),
    "revenue_total": ("revenue_total", float),
    "event_count": ("event_count", int),
    "free_event_count": ("free_event_count", int),
    "training_visitors": ("training_visitors", int),
    "energy_kwh": ("energy_kwh", float),
    "water_m3": ("water_m3", float),
}


@lru_cache(maxsize=1)
def platform_schema():
    with open(file_path(SCHEMA_PATH), encoding="utf-8") as schema_file:
        return json.load(schema_file)


@lru_cache(maxsize=1)
def _validator():
    schema = platform_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def schema_errors(envelope):
    """The schema violations of ``envelope``, as short ``path: message`` strings."""
    errors = sorted(_validator().iter_errors(envelope), key=lambda error: list(error.path))
    return [
        "{}: {}".format(
            "/".join(str(part) for part in error.path) or "(message)", error.message[:200]
        )
        for error in errors
    ]


def to_platform_time(at):
    """A naive UTC datetime as ISO 8601 in Beijing time, to the second."""
    return pytz.utc.localize(at).astimezone(PLATFORM_TZ).replace(microsecond=0).isoformat()


def from_platform_time(text):
    """ISO 8601 with an offset -> naive UTC."""
    return datetime.fromisoformat(text).astimezone(pytz.utc).replace(tzinfo=None)


class SportsUplinkMapping(models.AbstractModel):
    _name = "sports.uplink.mapping"
    _description = "Regulatory Uplink Payload Mapping"

    # ------------------------------------------------------------------ outgoing
    @api.model
    def _region_codes(self, region):
        """``{province_code, city_code, district_code}`` of a region and its parents."""
        codes = dict.fromkeys(("province_code", "city_code", "district_code"))
        while region:
            codes[f"{region.level}_code"] = region.code
            region = region.parent_id
        return codes

    @api.model
    def _venue_ref(self, venue):
        """The sender's stable id of a venue: its database id (its code may change)."""
        return str(venue.id)

    @api.model
    def _device_ref(self, row):
        if row.device_id:
            return row.device_id.identifier or f"D{row.device_id.id}"
        if row.point_id:
            return f"P{row.point_id.id}"
        return f"A{row.area_id.id}" if row.area_id else "VENUE"

    @api.model
    def _venue_body(self, venue):
        address = ", ".join(part for part in (venue.street, venue.street2, venue.city) if part)
        return {
            "venue_id": self._venue_ref(venue),
            "code": venue.code,
            "name": venue.name,
            **self._region_codes(venue.region_id),
            "address": address,
            "latitude": venue.latitude or None,
            "longitude": venue.longitude or None,
            "timezone": venue._tz_name(),
            "active": venue.active,
        }

    @api.model
    def _hourly_bodies(self, rows):
        """One body per venue and hour of ``rows`` (sports.flow.hourly), with one item per
        device: ``[(venue, hour_start, key, body)]``."""
        groups = {}
        for row in rows.sorted(lambda r: (r.venue_id.id, r.hour, r.id)):
            groups.setdefault((row.venue_id, row.hour), []).append(row)
        result = []
        for (venue, hour), venue_rows in groups.items():
            hour_end = max(row.hour_end for row in venue_rows)
            flows = [
                {
                    "device_id": self._device_ref(row),
                    "source": row.source,
                    "entries": row.entries,
                    "exits": row.exits,
                    "core_area": bool(row.is_core_free_area),
                }
                for row in venue_rows
            ]
            body = {
                "venue_id": self._venue_ref(venue),
                **self._region_codes(venue.region_id),
                "hour_end": to_platform_time(hour_end),
                "entries": sum(item["entries"] for item in flows),
                "exits": sum(item["exits"] for item in flows),
                "flows": flows,
            }
            key = f"{self._venue_ref(venue)}/{hour_end:%Y%m%dT%H%M}Z"
            result.append((venue, hour, key, body))
        return result

    @api.model
    def _daily_body(self, stat):
        body = {
            "venue_id": self._venue_ref(stat.venue_id),
            **self._region_codes(stat.venue_id.region_id),
            "date": stat.date.isoformat(),
            "currency": stat.currency_id.name or stat.company_id.currency_id.name,
        }
        for key, (field_name, kind) in DAILY_FIELDS.items():
            value = kind(stat[field_name] or 0)
            body[key] = round(value, 3) if kind is float else value
        return body

    @api.model
    def _daily_key(self, stat):
        return f"{self._venue_ref(stat.venue_id)}/{stat.date.isoformat()}"

    @api.model
    def _envelope(self, message, sent_at):
        """The envelope of an outbox message, as sent at ``sent_at`` (naive UTC)."""
        # sudo: the key id is not secret, but the sender may be a cron or a manager
        # reading a connection of another ticked company.
        return {
            "message_id": message.message_uid,
            "type": KIND_TO_TYPE[message.kind],
            "sent_at": to_platform_time(sent_at),
            "sender_key_id": message.connection_id.sudo().key_id,
            "body": message.payload,
        }

    # ------------------------------------------------------------------ incoming
    @api.model
    def _check_envelope(self, envelope):
        """Raise ValidationError unless ``envelope`` follows the schema."""
        if not isinstance(envelope, dict):
            raise ValidationError(self.env._("The message is not a JSON object."))
        errors = schema_errors(envelope)
        if errors:
            raise ValidationError(
                self.env._(
                    "The message does not follow the schema: %(errors)s",
                    errors="; ".join(errors[:5]),
                )
            )

    @api.model
    def _region_from_body(self, body):
        """The most precise region of the body that this database knows, or nothing."""
        codes = [body.get("district_code"), body.get("city_code")]
        regions = self.env["sports.region"].search([("code", "in", [c for c in codes if c])])
        by_code = {region.code: region for region in regions}
        for code in codes:
            if code in by_code:
                return by_code[code]
        return regions.browse()

    @api.model
    def _venue_vals_from_body(self, body):
        vals = {
            "code": body["code"],
            "name": body["name"],
            "region_id": self._region_from_body(body).id,
            "latitude": body.get("latitude") or 0.0,
            "longitude": body.get("longitude") or 0.0,
            "active": body["active"],
        }
        if body["timezone"] in pytz.all_timezones_set:
            vals["tz"] = body["timezone"]
        if body.get("address"):
            vals["street"] = body["address"][:200]
        return vals

    @api.model
    def _flow_vals_from_body(self, venue, body):
        """The sports.flow.hourly rows of an hourly flow body, for ``venue`` (ours)."""
        hour_end = from_platform_time(body["hour_end"])
        hour = hour_end - timedelta(hours=1)
        region = venue.region_id
        common = {
            "venue_id": venue.id,
            "company_id": venue.company_id.id,
            "hour": hour,
            "hour_end": hour_end,
            "date": venue._local_date(hour),
            "region_id": region.id,
            **{key: body.get(key) for key in ("province_code", "city_code", "district_code")},
        }
        return [
            {
                **common,
                "uplink_device_ref": item["device_id"],
                "source": item["source"],
                "entries": item["entries"],
                "exits": item["exits"],
                "is_core_free_area": item["core_area"],
            }
            for item in body["flows"]
        ]

    @api.model
    def _stat_vals_from_body(self, venue, body):
        day = date.fromisoformat(body["date"])
        region = venue.region_id
        by_level = {}
        walk = region
        while walk:
            by_level[walk.level] = walk.id
            walk = walk.parent_id
        currency = self.env["res.currency"].search([("name", "=", body.get("currency"))], limit=1)
        vals = {
            "venue_id": venue.id,
            "company_id": venue.company_id.id,
            "currency_id": (currency or venue.company_id.currency_id).id,
            "date": day,
            "region_id": region.id,
            "province_id": by_level.get("province", False),
            "city_id": by_level.get("city", False),
            "district_id": by_level.get("district", False),
        }
        for key, (field_name, kind) in DAILY_FIELDS.items():
            vals[field_name] = kind(body.get(key) or 0)
        return vals
