"""The rights table's rows of sports_voucher's review queue, subsidy claims and campaign
report (see ``public_methods``)."""

from .public_methods_base import Method

OFFICER = "sports_voucher.group_voucher_officer"
MANAGER = "sports_venue.group_arena_manager"


def _voucher_campaign(fx):
    """A running campaign of the demo's 玄武区 bureau, found again on the next call."""
    env = fx.env
    Campaign = env["sports.voucher.campaign"]
    campaign = Campaign.search([("name", "=", "Fixture Vouchers")], limit=1)
    if not campaign:
        campaign = Campaign.create(
            {
                "name": "Fixture Vouchers",
                "company_id": env.ref("sports_venue.company_bureau_xuanwu").id,
                "date_start": "2020-01-01",
                "date_end": "2020-12-31",
                "budget": 1000,
                "denomination_ids": [(0, 0, {"face_value": 10, "threshold": 50})],
            }
        )
        campaign.action_start()
    return campaign


def _voucher_flag(fx):
    """A flag to review at the fixture venue, with its reason given."""
    flag = fx.env["sports.voucher.flag"]._raise(
        "no_entry", _voucher_campaign(fx), "fixture", venue_id=fx.venue.id
    )
    flag.reason = "Fixture review"
    return flag, {}


def _subsidy_claim(state):
    """A claim of the fixture venue in ``state``, with an approval note."""

    def valid(fx):
        campaign = _voucher_campaign(fx)
        Claim = fx.env["sports.voucher.subsidy.claim"]
        claim = Claim.search(
            [("campaign_id", "=", campaign.id), ("venue_id", "=", fx.venue.id)], limit=1
        )
        if not claim:
            claim = Claim.create(
                {
                    "name": "VSC/FIXTURE",
                    "campaign_id": campaign.id,
                    "venue_id": fx.venue.id,
                    "company_id": fx.venue.company_id.id,
                    "date_from": "2020-01-01",
                    "date_to": "2020-01-31",
                }
            )
        claim.write({"state": state, "approval_note": "Fixture note"})
        return claim, {}

    return valid


def _claim_wizard(fx):
    """A claim wizard of the fixture campaign for a month without redemptions."""
    wizard = fx.env["sports.voucher.claim.wizard"].create(
        {
            "campaign_id": _voucher_campaign(fx).id,
            "date_from": "2020-02-01",
            "date_to": "2020-02-29",
        }
    )
    return wizard, {}


VOUCHER_SETTLE_METHODS = [
    Method("sports.voucher.claim.wizard", "action_generate", "create", valid=_claim_wizard),
    Method("sports.voucher.flag", "action_accept", OFFICER, valid=_voucher_flag),
    Method("sports.voucher.flag", "action_reject", OFFICER, valid=_voucher_flag),
    Method("sports.voucher.subsidy.claim", "action_submit", MANAGER, valid=_subsidy_claim("draft")),
    Method(
        "sports.voucher.subsidy.claim",
        "action_approve",
        OFFICER,
        valid=_subsidy_claim("submitted"),
    ),
    Method(
        "sports.voucher.subsidy.claim",
        "action_refuse",
        OFFICER,
        valid=_subsidy_claim("submitted"),
    ),
    Method(
        "sports.voucher.subsidy.claim",
        "action_statement_xlsx",
        "read",
        valid=_subsidy_claim("approved"),
    ),
    Method(
        "sports.voucher.campaign",
        "action_report_xlsx",
        "read",
        valid=lambda fx: (_voucher_campaign(fx), {}),
    ),
]
