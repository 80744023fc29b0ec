"""The rights table's rows of the voucher campaigns' administration (sports_voucher, see
``public_methods``)."""

from datetime import timedelta

from odoo import fields

from .public_methods_base import Method


def _campaign(fx):
    """A running campaign of the demo city bureau, with no venue yet."""
    today = fields.Date.context_today(fx.venue)
    campaign = fx.env["sports.voucher.campaign"].create(
        {
            "name": "Fixture vouchers",
            "company_id": fx.env.ref("sports_venue.company_bureau_nanjing").id,
            "date_start": today,
            "date_end": today + timedelta(days=90),
            "budget": 100000,
            "denomination_ids": [(0, 0, {"face_value": 10, "threshold": 50})],
            "state": "running",
        }
    )
    return campaign, {}


def _apply_wizard(fx):
    """The fixture venue's application to a fresh running campaign."""
    campaign = _campaign(fx)[0]
    wizard = fx.env["sports.voucher.apply"].create(
        {"campaign_id": campaign.id, "venue_ids": fx.venue.ids}
    )
    return wizard, {}


def _participation(fx):
    """The fixture venue's application to a fresh running campaign."""
    campaign = _campaign(fx)[0]
    participation = fx.env["sports.voucher.campaign.venue"].create(
        {"campaign_id": campaign.id, "venue_id": fx.venue.id}
    )
    return participation, {}


def _draft_campaign(fx):
    campaign = _campaign(fx)[0]
    campaign.state = "draft"
    return campaign, {}


def _read(method):
    return Method("sports.voucher.campaign", method, "read", valid=_campaign, writes=False)


VOUCHER_DEMO_METHODS = [
    _read("action_view_vouchers"),
    _read("action_view_redemptions"),
    _read("action_view_flags"),
    _read("action_view_subsidy_claims"),
    _read("action_view_participations"),
    Method(
        "sports.voucher.campaign",
        "action_plan_batches",
        "sports_voucher.group_voucher_officer",
        valid=_campaign,
    ),
    Method(
        "sports.voucher.campaign",
        "action_apply",
        "sports_venue.group_arena_manager",
        valid=_campaign,
        writes=False,
    ),
    Method(
        "sports.voucher.apply",
        "action_apply",
        "create:sports.voucher.campaign.venue",
        valid=_apply_wizard,
    ),
    Method("sports.voucher.campaign", "action_start", "write", valid=_draft_campaign),
    Method("sports.voucher.campaign", "action_close", "write", valid=_campaign),
    Method("sports.voucher.campaign", "action_draft", "write", valid=_campaign),
    *(
        Method(
            "sports.voucher.campaign.venue",
            method,
            "sports_voucher.group_voucher_officer",
            valid=_participation,
        )
        for method in ("action_approve", "action_reject", "action_suspend")
    ),
    Method(
        "sports.venue",
        "action_view_sports_voucher_participations",
        "read",
        valid=lambda fx: (fx.venue, {}),
        writes=False,
    ),
]
