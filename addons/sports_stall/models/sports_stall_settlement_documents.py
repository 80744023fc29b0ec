from odoo import Command, models
from odoo.exceptions import UserError


class SportsStallSettlement(models.Model):
    """The documents of a settlement, all posted by its run.

    - the vendor bill: the merchant's gross on the stall's collections account, no taxes
      (the merchant's sales are not the operator's taxable sales); a refund when negative;
    - the customer invoice: commission, top-up, fees and rent on the company's stall
      charges income account, with the contract's taxes (the operator's own taxable sales);
      a credit note when negative;
    - the netting entry: payable against receivable of the merchant for the smaller of
      both, reconciled with each, so that the bill's residual is what the operator pays.
    """

    _inherit = "sports.stall.settlement"

    def _post_documents(self):
        if not self:
            return
        company = self.company_id
        company.ensure_one()
        Move = self.env["account.move"].with_company(company)
        charges_account = company._sports_stall_charges_account()
        bills, invoices = {}, {}
        vals_list, owners = [], []
        for settlement in self:
            settlement._check_charge_taxes()
            bill_vals = settlement._bill_vals()
            if bill_vals:
                vals_list.append(bill_vals)
                owners.append((settlement, bills))
            invoice_vals = settlement._invoice_vals(charges_account)
            if invoice_vals:
                vals_list.append(invoice_vals)
                owners.append((settlement, invoices))
        moves = Move.create(vals_list)
        moves.action_post()
        for (settlement, kind), move in zip(owners, moves, strict=True):
            kind[settlement] = move
        netting = self._post_netting(bills, invoices)
        for settlement in self:
            invoice = invoices.get(settlement, Move)
            sign = -1 if invoice.move_type == "out_refund" else 1
            untaxed = (
                settlement.commission_amount
                + settlement.guarantee_topup
                + settlement.fee_amount
                + settlement.rent_amount
            )
            tax = sign * invoice.amount_tax
            charges = settlement.currency_id.round(untaxed + tax)
            settlement.write(
                {
                    "bill_id": bills.get(settlement, Move).id,
                    "invoice_id": invoice.id,
                    "netting_move_id": netting.get(settlement, Move).id,
                    "charges_tax": tax,
                    "charges_total": charges,
                    "net_amount": settlement.currency_id.round(settlement.gross_amount - charges),
                    "state": "posted",
                }
            )

    def _check_charge_taxes(self):
        included = self.contract_id.charge_tax_ids.filtered("price_include")
        if included:
            raise UserError(
                self.env._(
                    "The taxes on charges of contract %(contract)s include the price "
                    "(%(taxes)s): commission, rent and fees are invoiced tax excluded. "
                    "Choose taxes that are added to the price.",
                    contract=self.contract_id.name,
                    taxes=", ".join(included.mapped("name")),
                )
            )

    def _collections_account(self):
        """The stall's collections liability: the income account of its products, so its
        balance over the settled sessions is the settlement's gross."""
        account = self.stall_id.collections_account_id
        if not account:
            raise UserError(
                self.env._(
                    "Stall %(stall)s has no collections account: its sales cannot be "
                    "settled. Set it on the stall.",
                    stall=self.stall_id.display_name,
                )
            )
        return account

    def _move_header(self, move_type):
        return {
            "move_type": move_type,
            "partner_id": self.partner_id.id,
            "invoice_date": self.date_to,
            "date": self.date_to,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "ref": self.name,
            "invoice_origin": self.name,
        }

    def _bill_vals(self):
        if self.currency_id.is_zero(self.gross_amount):
            return None
        vals = self._move_header("in_invoice" if self.gross_amount > 0 else "in_refund")
        if vals["move_type"] == "in_invoice":
            # Where the operator pays the merchant; a refund names the operator's account.
            vals["partner_bank_id"] = self.contract_id.bank_account_id.id
        vals["invoice_line_ids"] = [
            Command.create(
                {
                    "name": self.env._(
                        "Sales of %(stall)s from %(start)s to %(end)s (%(ref)s)",
                        stall=self.stall_id.display_name,
                        start=self.date_from,
                        end=self.date_to,
                        ref=self.name,
                    ),
                    "account_id": self._collections_account().id,
                    "quantity": 1,
                    "price_unit": abs(self.gross_amount),
                    "tax_ids": [Command.clear()],
                }
            )
        ]
        return vals

    def _invoice_vals(self, account):
        charges = [
            (self.env._("Commission"), self.commission_amount),
            (self.env._("Minimum-guarantee top-up"), self.guarantee_topup),
            (self.env._("Payment fees"), self.fee_amount),
            (self.env._("Rent"), self.rent_amount),
        ]
        charges = [(label, amount) for label, amount in charges if amount]
        total = sum(amount for _label, amount in charges)
        if self.currency_id.is_zero(total):
            return None
        sign = 1 if total > 0 else -1
        vals = self._move_header("out_invoice" if sign > 0 else "out_refund")
        vals["invoice_line_ids"] = [
            Command.create(
                {
                    "name": f"{label} ({self.stall_id.display_name}, {self.name})",
                    "account_id": account.id,
                    "quantity": 1,
                    "price_unit": sign * amount,
                    "tax_ids": [Command.set(self.contract_id.charge_tax_ids.ids)],
                }
            )
            for label, amount in charges
        ]
        return vals

    def _post_netting(self, bills, invoices):
        """``{settlement: netting move}`` for settlements with a bill the operator owes
        and an invoice the merchant owes."""
        pairs = []
        for settlement in self:
            bill, invoice = bills.get(settlement), invoices.get(settlement)
            if (
                bill
                and invoice
                and bill.move_type == "in_invoice"
                and invoice.move_type == "out_invoice"
            ):
                pairs.append((settlement, bill, invoice))
        if not pairs:
            return {}
        company = self.company_id
        journal = self.env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", company.id)], limit=1
        )
        if not journal:
            raise UserError(
                self.env._(
                    "Company %(company)s has no miscellaneous journal for the netting of "
                    "settlements: create one.",
                    company=company.name,
                )
            )
        vals_list, lines = [], []
        for settlement, bill, invoice in pairs:
            payable = bill.line_ids.filtered(
                lambda line: line.account_id.account_type == "liability_payable"
            )
            receivable = invoice.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            )
            amount = min(bill.amount_residual, invoice.amount_residual)
            partner = settlement.partner_id.commercial_partner_id
            label = self.env._("Netting of %(ref)s", ref=settlement.name)
            vals_list.append(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": settlement.date_to,
                    "ref": label,
                    "company_id": company.id,
                    "line_ids": [
                        Command.create(
                            {
                                "name": label,
                                "account_id": payable.account_id.id,
                                "partner_id": partner.id,
                                "debit": amount,
                            }
                        ),
                        Command.create(
                            {
                                "name": label,
                                "account_id": receivable.account_id.id,
                                "partner_id": partner.id,
                                "credit": amount,
                            }
                        ),
                    ],
                }
            )
            lines.append((payable, receivable))
        moves = self.env["account.move"].with_company(company).create(vals_list)
        moves.action_post()
        netting, plan = {}, []
        for (settlement, _bill, _invoice), move, (payable, receivable) in zip(
            pairs, moves, lines, strict=True
        ):
            for line in (payable, receivable):
                plan.append(
                    line + move.line_ids.filtered(lambda l, a=line.account_id: l.account_id == a)
                )
            netting[settlement] = move
        # Every pair reconciled in one batch.
        self.env["account.move.line"]._reconcile_plan(plan)
        return netting
