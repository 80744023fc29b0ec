from odoo import models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _process_saved_order(self, draft):
        self.ensure_one()
        # The POS creates a validated order in state "paid" at once: what counts is that
        # it is not a draft; issuing and revoking are keyed, so doing them again is a no-op.
        paying = not draft and self.state != "cancel"
        if paying:
            self._sports_rental_check()
            self._sports_ticket_refund()
        result = super()._process_saved_order(draft)
        if paying and self.state in ("paid", "done", "invoiced"):
            self._sports_ticket_issue()
        return result

    def _sports_ticket_lines(self):
        """The lines of this order that sell tickets, with the type of each."""
        lines = self.lines
        # sudo: the cashier may not read ticket types; the product says which type it sells.
        types = (
            self.env["sports.ticket.type"]
            .sudo()
            .with_context(active_test=False)
            .search([("product_id", "in", lines.product_id.ids)])
        )
        type_by_product = {ticket_type.product_id: ticket_type for ticket_type in types}
        ticket_lines = lines.filtered(lambda line: line.product_id in type_by_product)
        if ticket_lines and not self.env.user.has_group("sports_venue.group_arena_user"):
            raise AccessError(
                self.env._(
                    "Only venue staff can sell tickets: ask a manager to add you to the "
                    "Arena user group."
                )
            )
        return ticket_lines, type_by_product

    def _sports_rental_check(self):
        """Refuse an order that rents items without their deposit: each rented unit needs
        one unit of its deposit product, on a line that names the item."""
        rented = self.lines.filtered(lambda line: line.qty > 0 and line.product_id.sports_rental_ok)
        for product in rented.product_id:
            wanted = sum(
                rented.filtered(lambda line, p=product: line.product_id == p).mapped("qty")
            )
            deposit = product.sports_rental_deposit_product_id
            held = sum(
                self.lines.filtered(
                    lambda line, p=product, d=deposit: (
                        line.product_id == d and line.sports_rental_product_id == p
                    )
                ).mapped("qty")
            )
            if held < wanted:
                raise UserError(
                    self.env._(
                        "%(item)s is rented against a deposit: add %(count)s %(deposit)s.",
                        item=product.display_name,
                        count=int(wanted - held),
                        deposit=deposit.display_name,
                    )
                )

    def _sports_lock_lines(self, lines):
        """Lock ``lines`` so two syncs of one order issue or revoke their tickets once."""
        if lines:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM pos_order_line WHERE id IN %s ORDER BY id FOR UPDATE",
                    tuple(lines.ids),
                )
            )

    def _sports_ticket_issue(self):
        """Issue one ticket per unit of each ticket line, keyed by the line (its uuid)."""
        lines, type_by_product = self._sports_ticket_lines()
        lines = lines.filtered(lambda line: line.qty > 0)
        self._sports_lock_lines(lines)
        lines.invalidate_recordset(["sports_ticket_ids"])
        for line in lines:
            ticket_type = type_by_product[line.product_id]
            # sudo: the tickets are the effect of the paid order, issued by the system.
            issued = line.sudo().sports_ticket_ids
            missing = int(line.qty) - len(issued)
            if missing <= 0:
                continue
            tickets = ticket_type.sudo()._sell(
                missing,
                self.partner_id,
                f"{ticket_type.name} {self.name}",
                None,
            )
            tickets.sudo().write({"pos_order_line_id": line.id})

    def _sports_ticket_refund(self):
        """Revoke the tickets that refund lines give back.

        Unused tickets are given back first, at the price paid. A used ticket is refused,
        or, when its type says so, revoked and refunded minus the type's fee: the refund
        line may then give back at most the price paid minus the fee.
        """
        lines, type_by_product = self._sports_ticket_lines()
        refunds = lines.filtered(lambda line: line.qty < 0 and line.refunded_orderline_id)
        originals = refunds.refunded_orderline_id
        self._sports_lock_lines(originals)
        originals.invalidate_recordset(["sports_ticket_ids"])
        for line in refunds:
            ticket_type = type_by_product[line.product_id]
            # sudo: the refund is the cashier's right; the tickets are the system's records.
            tickets = line.refunded_orderline_id.sudo().sports_ticket_ids
            done = tickets.filtered(lambda t, line=line: t.pos_refund_line_id == line)
            count = int(-line.qty) - len(done)
            if count <= 0:
                continue
            active = tickets.filtered(lambda t: t.state == "active")
            unused = active.filtered(lambda t: not t._sports_is_used())
            used = active - unused
            if ticket_type.used_refund_policy != "fee" and count > len(unused):
                raise UserError(
                    self.env._(
                        "%(product)s: the ticket was used already and cannot be refunded.",
                        product=line.product_id.display_name,
                    )
                )
            if count > len(unused) + len(used):
                raise UserError(
                    self.env._(
                        "%(product)s: only %(count)s ticket(s) of this line can still be refunded.",
                        product=line.product_id.display_name,
                        count=len(unused) + len(used),
                    )
                )
            todo = (unused + used)[:count]
            line._sports_ticket_check_refund_amount(len(todo & used), ticket_type)
            todo._revoke("refunded")
            todo.write({"pos_refund_line_id": line.id})
