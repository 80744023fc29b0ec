from odoo import models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, format_amount

from odoo.addons.sports_venue.tools import inputs


# Timed sessions in their own file, apart from the tickets (another flow, another owner).
class PosOrder(models.Model):
    _inherit = "pos.order"  # pylint: disable=consider-merging-classes-inherited

    def _process_saved_order(self, draft):
        self.ensure_one()
        if not draft and self.state != "cancel":
            # Before super(): a refused bill rolls the whole order back and the POS keeps it.
            self._sports_timed_settle()
        return super()._process_saved_order(draft)

    def read_pos_data(self, data, config):
        # Public over JSON-2: Odoo's method reads the orders' moves as superuser, so the
        # caller must be able to read the orders; a config comes over JSON-2 as an id.
        self.check_access("read")
        if not isinstance(config, models.BaseModel):
            config = inputs.record(self.env, "pos.config", config, self.env._("The POS"))
        result = super().read_pos_data(data, config)
        sessions = self.lines.sports_timed_session_id
        if sessions and config:
            # The POS learns at once that the sessions it billed are paid.
            result["sports.timed.session"] = self.env["sports.timed.session"]._load_pos_data_read(
                sessions, config
            )
        return result

    def _sports_timed_settle(self):
        """Mark the timed sessions billed by this paid order as paid, keyed by their line.

        The price, the quantity and the session come from the POS, so each is checked
        here: a session is billed once, stopped, at its own amount and at this venue.
        """
        sales = self.lines.filtered(lambda line: line.qty > 0)
        timed_products = self.env["sports.timed.session"]._timed_products()
        bare = sales.filtered(
            lambda line: not line.sports_timed_session_id and line.product_id in timed_products
        )
        if bare:
            # Sold from the product grid, it would bill any time at its list price.
            raise UserError(
                self.env._(
                    "%(product)s is billed by its timer: remove the line, then stop the "
                    "session on the Running screen.",
                    product=bare[0].product_id.display_name,
                )
            )
        lines = sales.filtered("sports_timed_session_id")
        if not lines:
            return
        if not self.env.user.has_group("sports_venue.group_arena_user"):
            raise AccessError(
                self.env._(
                    "Only venue staff can bill timed sessions: ask a manager to add you to "
                    "the Arena user group."
                )
            )
        Session = self.env["sports.timed.session"]
        # sudo: the sessions are the system's records; the checks below decide.
        sessions = lines.sports_timed_session_id.sudo()
        Session._lock(sessions)
        sessions.invalidate_recordset()
        for session in sessions:
            session_lines = lines.filtered(
                lambda line, s=session: line.sports_timed_session_id == s
            )
            if len(session_lines) > 1:
                raise UserError(
                    self.env._(
                        "%(session)s is billed twice on this order: remove one line.",
                        session=session.name,
                    )
                )
            line = session_lines
            if session.pos_order_line_id == line:
                continue  # the same order synced again
            if session.pos_order_line_id:
                raise UserError(
                    self.env._(
                        "%(session)s is paid already (%(order)s): remove its line.",
                        session=session.name,
                        order=session.pos_order_id.name,
                    )
                )
            if session.state == "cancelled":
                raise UserError(
                    self.env._(
                        "%(session)s was written off: remove its line.", session=session.name
                    )
                )
            if session.state != "stopped":
                raise UserError(
                    self.env._(
                        "%(session)s is still running: stop it in the Running screen first.",
                        session=session.name,
                    )
                )
            if session.venue_id != self.config_id.sports_venue_id:
                raise UserError(
                    self.env._(
                        "%(session)s is not at this desk's venue: remove its line.",
                        session=session.name,
                    )
                )
            if (
                line.qty != 1
                or line.discount
                or float_compare(
                    line.price_unit,
                    session.amount,
                    precision_rounding=self.currency_id.rounding,
                )
            ):
                raise UserError(
                    self.env._(
                        "%(session)s costs %(amount)s, once and without discount: remove its "
                        "line and add it again from the Running screen.",
                        session=session.name,
                        amount=format_amount(self.env, session.amount, session.currency_id),
                    )
                )
            session.write({"pos_order_line_id": line.id, "state": "paid"})
