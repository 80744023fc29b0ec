import logging

from odoo import _, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        res = super().action_confirm()
        self._sports_ticket_issue()
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        # sudo: whoever may cancel the order may revoke its tickets; the access records are the
        # system's own.
        tickets = self.sudo().order_line.sports_ticket_ids
        tickets._revoke("cancelled")
        return res

    def _sports_ticket_issue(self):
        """Issue the tickets of the confirmed orders, one per unit, and mail their QR codes.

        Tickets already issued for a line are counted, so a second confirmation (a payment
        notified twice) issues nothing twice.
        """
        # sudo: the order is confirmed by its payment or by staff; issuing the tickets
        # the customer paid for is the effect of that payment.
        orders = self.sudo().filtered(lambda o: o.state == "sale")
        lines = orders.order_line
        types = (
            self.env["sports.ticket.type"]
            .sudo()
            .with_context(active_test=False)
            .search([("product_id", "in", lines.product_id.ids)])
        )
        type_by_product = {ticket_type.product_id: ticket_type for ticket_type in types}
        issued = self.env["sports.access.entitlement"]
        for line in lines.filtered(lambda line: line.product_id in type_by_product):
            ticket_type = type_by_product[line.product_id]
            valid = line.sports_ticket_ids.filtered(lambda t: t.state != "revoked")
            missing = int(line.product_uom_qty) - len(valid)
            if missing <= 0:
                continue
            try:
                with self.env.cr.savepoint():
                    issued |= ticket_type._sell(
                        quantity=missing,
                        partner=line.order_id.partner_id,
                        ref=f"{ticket_type.name} {line.order_id.name}",
                        sale_line=line,
                    )
            except (UserError, ValidationError) as error:
                _logger.warning("Order %s could not issue tickets: %s", line.order_id.name, error)
                line.order_id.message_post(
                    body=_(
                        "The %(type)s tickets of this order could not be issued: %(error)s",
                        type=ticket_type.name,
                        error=error.args[0],
                    )
                )
        for order in orders:
            tickets = issued.filtered(lambda t, o=order: t.sale_line_id.order_id == o)
            if tickets:
                order._sports_ticket_mail(tickets)
        return issued

    def _sports_ticket_mail(self, tickets):
        """Mail the customer the QR codes of ``tickets`` as PNG attachments.

        A QR token is a bearer secret: the images travel as attachments of the mail and
        no link to them (nor the token) goes into its body. (An image embedded in the
        body would become a tokenised /web/image link when the message is stored.)
        """
        self.ensure_one()
        template = self.env.ref("sports_access.mail_template_tickets", raise_if_not_found=False)
        if not template or not self.partner_id.email:
            return
        files = {}
        for index, ticket in enumerate(tickets, start=1):
            qr = ticket.credential_ids.filtered(lambda c: c.kind == "qr" and c.token)[:1]
            if qr:
                name = f"{ticket.name} {index}.png".replace("/", "-")
                files[ticket] = (name, qr._qr_png())
        # sudo: the attachments belong to the order whose confirmation issued the tickets;
        # the customer's payment may confirm it without any right on attachments.
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": name,
                        "raw": png,
                        "mimetype": "image/png",
                        "res_model": "sale.order",
                        "res_id": self.id,
                    }
                    for name, png in files.values()
                ]
            )
        )
        template.with_context(
            arena_tickets=tickets,
            arena_ticket_files={ticket.id: name for ticket, (name, _png) in files.items()},
        ).send_mail(
            self.id,
            email_values={"attachment_ids": [(4, a.id) for a in attachments]},
        )
