import uuid

from psycopg2.errors import LockNotAvailable

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, new_test_user, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestRightsBeforeLocks(BaseCase):
    """Item 8: a caller without the right is refused before any card operation locks the
    card. Another transaction holds the card rows; a caller that locked first would wait
    and end in a lock timeout instead of an AccessError.

    The fixture commits on its own cursor (a lock is only seen across transactions) and
    the class removes what it made.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        tag = uuid.uuid4().hex[:6]
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env.company._arena_card_accounting()
            card_type = env["sports.card.type"].create(
                {"name": f"Rights {tag}", "kind": "stored_value", "transferable": True}
            )
            partner = env["res.partner"].create({"name": f"Rights {tag}", "phone": "13700137002"})
            cards = env["sports.card"].create(
                [{"type_id": card_type.id, "partner_id": partner.id}] * 2
            )
            for card in cards:
                card.topup(100.0, f"rights-{tag}-{card.id}")
            cards[1].freeze()
            cls.bureau_id = new_test_user(
                env, f"rights_bureau_{tag}", groups="sports_venue.group_sports_bureau"
            ).id
            cls.cashier_id = new_test_user(
                env, f"rights_cashier_{tag}", groups="sports_venue.group_arena_user"
            ).id
            cls.card_id, cls.frozen_id = cards.ids
            cls.type_id, cls.partner_id = card_type.id, partner.id
            cr.commit()  # pylint: disable=invalid-commit
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            ids = (cls.card_id, cls.frozen_id)
            # The ledger is append-only; only this fixture's own rows go, by SQL.
            cr.execute(
                "SELECT DISTINCT account_move_id FROM sports_card_move WHERE card_id IN %s", [ids]
            )
            entries = env["account.move"].browse([r[0] for r in cr.fetchall() if r[0]])
            cr.execute("DELETE FROM sports_card_move WHERE card_id IN %s", [ids])
            entries.button_draft()
            entries.with_context(force_delete=True).unlink()
            cr.execute("DELETE FROM sports_card WHERE id IN %s", [ids])
            card_type = env["sports.card.type"].browse(cls.type_id)
            product = card_type.product_id
            card_type.unlink()
            product.unlink()
            env["res.partner"].browse(cls.partner_id).unlink()
            env["res.users"].browse([cls.bureau_id, cls.cashier_id]).active = False
            cr.commit()  # pylint: disable=invalid-commit

    @mute_logger("odoo.sql_db")
    def test_callers_without_rights_are_refused_while_the_card_is_locked(self):
        frozen_id = self.frozen_id
        calls = {
            "freeze": lambda card: card.freeze(),
            "unfreeze": lambda card: card.browse(frozen_id).unfreeze(),
            "topup": lambda card: card.topup(1.0, "rights-topup"),
            "charge": lambda card: card.charge(1.0, "rights-charge"),
            "use": lambda card: card.use(1, "rights-use"),
            "refund": lambda card: card.refund("rights-refund"),
            "replace": lambda card: card.replace("RIGHTS-NEW"),
            "transfer": lambda card: card.transfer(self.partner_id),
            "adjust": lambda card: card.adjust("fix", "rights-adjust", paid=1.0),
            "integrity": lambda card: card.action_check_balance_integrity(),
        }
        cases = [(self.bureau_id, name) for name in calls]
        # A cashier may operate cards, but neither adjust them nor check the ledger.
        cases += [(self.cashier_id, "adjust"), (self.cashier_id, "integrity")]
        with self.registry.cursor() as holder:
            holder.execute(
                "SELECT id FROM sports_card WHERE id IN %s FOR UPDATE",
                [(self.card_id, self.frozen_id)],
            )
            for user_id, name in cases:
                with self.subTest(operation=name, user=user_id), self.registry.cursor() as cr:
                    cr.execute("SET LOCAL lock_timeout = '3s'")
                    env = api.Environment(cr, user_id, {})
                    try:
                        calls[name](env["sports.card"].browse(self.card_id))
                    except AccessError:
                        pass
                    except LockNotAvailable:
                        self.fail(f"{name} locked the card before checking the caller's rights")
                    else:
                        self.fail(f"{name} was allowed")
                    finally:
                        cr.rollback()
            holder.rollback()
