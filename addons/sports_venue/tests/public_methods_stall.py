"""The rights table's rows of sports_stall (see ``public_methods``)."""

from .public_methods_base import Method


def _stall_contract(state):
    """A contract of a new stall of the fixture's venue in ``state`` (sports_stall)."""

    def valid(fx):
        env = fx.env
        merchant = env["res.partner"].create(
            {
                "name": "Fixture Merchant",
                "is_company": True,
                "bank_ids": [(0, 0, {"acc_number": fx.new_uuid()[:24]})],
            }
        )
        stall = env["sports.stall"].create({"name": "Fixture Stall", "venue_id": fx.venue.id})
        contract = env["sports.stall.contract"].create(
            {"stall_id": stall.id, "partner_id": merchant.id, "date_start": "2020-01-01"}
        )
        if state != "draft":
            contract.action_activate()
        if state == "suspended":
            contract.action_suspend()
        return contract, {}

    return valid


def _stall_settlement(fx):
    """A draft settlement run of a fixture stall, and a settlement of it (sports_stall)."""
    if "_stall_settlement" not in fx.__dict__:
        env = fx.env
        stall = env["sports.stall"].create({"name": "Fixture stall", "venue_id": fx.venue.id})
        contract = env["sports.stall.contract"].create(
            {
                "stall_id": stall.id,
                "partner_id": fx.partner.id,
                "date_start": "2020-01-01",
                "date_end": "2020-12-31",
            }
        )
        run = env["sports.stall.settlement.run"].create(
            {
                "venue_id": fx.venue.id,
                "date_from": "2020-01-01",
                "date_to": "2020-01-31",
                "stall_ids": [(6, 0, stall.ids)],
            }
        )
        settlement = env["sports.stall.settlement"].create(
            {
                "run_id": run.id,
                "stall_id": stall.id,
                "contract_id": contract.id,
                "partner_id": fx.partner.id,
                "company_id": run.company_id.id,
                "date_from": run.date_from,
                "date_to": run.date_to,
            }
        )
        fx.__dict__["_stall_settlement"] = (run, settlement)
    return fx.__dict__["_stall_settlement"]


STALL_METHODS = [
    # ---------------------------------------------------------------- sports_stall
    Method("sports.stall.contract", "action_activate", "write", valid=_stall_contract("draft")),
    Method("sports.stall.contract", "action_suspend", "write", valid=_stall_contract("active")),
    Method("sports.stall.contract", "action_end", "write", valid=_stall_contract("suspended")),
    Method("sports.stall.contract", "action_draft", "write", valid=_stall_contract("active")),
    # ---------------------------------------------------------------- sports_stall (settle)
    Method(
        "sports.stall.settlement.run",
        "action_run",
        "write",
        valid=lambda fx: (_stall_settlement(fx)[0], {}),
    ),
    Method(
        "sports.stall.settlement.run",
        "action_view_settlements",
        "read",
        valid=lambda fx: (_stall_settlement(fx)[0], {}),
        writes=False,
    ),
    Method(
        "sports.stall.settlement",
        "action_view_bill",
        "read",
        valid=lambda fx: (_stall_settlement(fx)[1], {}),
        writes=False,
    ),
    Method(
        "sports.stall.settlement",
        "action_view_invoice",
        "read",
        valid=lambda fx: (_stall_settlement(fx)[1], {}),
        writes=False,
    ),
]
