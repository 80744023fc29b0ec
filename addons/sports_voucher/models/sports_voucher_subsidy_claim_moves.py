from markupsafe import Markup

from odoo import Command, fields, models


class SportsVoucherSubsidyClaim(models.Model):
    """The books of an approved claim: the bureau's vendor bill and the operator's
    customer invoice of the approved amount, and the operator's write-off of the rest."""

    _inherit = "sports.voucher.subsidy.claim"

    def _sports_book_approval(self):
        """Book and post the bill, the invoice and the write-off of one approved claim,
        link them to each other and to the claim. Runs inside ``action_approve``'s
        savepoint under the claim's row lock."""
        self.ensure_one()
        # sudo: the bureau officer approves for both companies, neither of which gives the
        # officer accounting rights; the amounts were checked by action_approve.
        bureau = self.bureau_company_id.sudo()
        operator = self.company_id.sudo()
        bureau._sports_voucher_books(operator.chart_template)
        Move = self.env["account.move"].sudo()
        today = fields.Date.context_today(self)
        label = self.env._(
            "Sports voucher subsidy %(claim)s: %(venue)s, %(date_from)s to %(date_to)s",
            claim=self.name,
            venue=self.venue_id.name,
            date_from=self.date_from,
            date_to=self.date_to,
        )
        common = {
            "invoice_date": today,
            "date": today,
            "ref": self.name,
            "currency_id": self.currency_id.id,
        }
        bill = Move.with_company(bureau).create(
            {
                **common,
                "move_type": "in_invoice",
                "company_id": bureau.id,
                "partner_id": operator.partner_id.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": label,
                            "account_id": bureau._sports_voucher_subsidy_account().id,
                            "quantity": 1,
                            "price_unit": self.amount_approved,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice = Move.with_company(operator).create(
            {
                **common,
                "move_type": "out_invoice",
                "company_id": operator.id,
                "partner_id": bureau.partner_id.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": label,
                            "account_id": operator._sports_voucher_clearing_account().id,
                            "quantity": 1,
                            "price_unit": self.amount_approved,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        (bill | invoice).action_post()
        remainder = self.amount_claimed - self.amount_approved
        writeoff = self._sports_book_writeoff(remainder)
        bill.message_post(
            subtype_xmlid="mail.mt_note",
            body=Markup(self.env._("The venue's receivable of this subsidy: %(move)s"))
            % {"move": invoice._get_html_link()},
        )
        invoice.message_post(
            subtype_xmlid="mail.mt_note",
            body=Markup(self.env._("The bureau's bill of this subsidy: %(move)s"))
            % {"move": bill._get_html_link()},
        )
        self.write(
            {
                "state": "approved",
                "vendor_bill_id": bill.id,
                "invoice_id": invoice.id,
                "writeoff_move_id": writeoff.id,
            }
        )
        self.message_post(
            subtype_xmlid="mail.mt_note",
            body=Markup(
                self.env._(
                    "Approved: bill %(bill)s in the bureau's books, invoice %(invoice)s in the operator's."
                )
            )
            % {"bill": bill._get_html_link(), "invoice": invoice._get_html_link()},
        )

    def _sports_book_writeoff(self, amount):
        """Post the operator's write-off of ``amount`` (discounts granted but not
        reimbursed) from the voucher clearing account to its loss; nothing for zero."""
        self.ensure_one()
        Move = self.env["account.move"].sudo()
        if self.currency_id.is_zero(amount) or amount < 0:
            return Move
        # sudo: see _sports_book_approval.
        operator = self.company_id.sudo()
        journal = (
            self.env["account.journal"]
            .sudo()
            .search(
                [
                    *self.env["account.journal"]._check_company_domain(operator),
                    ("type", "=", "general"),
                ],
                limit=1,
            )
        )
        label = self.env._("Voucher discounts not reimbursed, claim %(claim)s", claim=self.name)
        move = Move.with_company(operator).create(
            {
                "move_type": "entry",
                "company_id": operator.id,
                "journal_id": journal.id,
                "date": fields.Date.context_today(self),
                "ref": self.name,
                "line_ids": [
                    Command.create(
                        {
                            "name": label,
                            "account_id": operator._sports_voucher_writeoff_account().id,
                            "debit": amount,
                            "credit": 0.0,
                        }
                    ),
                    Command.create(
                        {
                            "name": label,
                            "account_id": operator._sports_voucher_clearing_account().id,
                            "debit": 0.0,
                            "credit": amount,
                        }
                    ),
                ],
            }
        )
        move.action_post()
        return move
