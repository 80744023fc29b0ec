import { patch } from "@web/core/utils/patch";
import { TicketScreen } from "@point_of_sale/app/screens/ticket_screen/ticket_screen";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";

patch(TicketScreen.prototype, {
    /**
     * Price the refund of ticket lines as their type says: the server tells, per ticket,
     * whether it was used and what its refund gives back (the price, the price minus a
     * fee, or nothing). Unused tickets are refunded first; the server checks the amount.
     */
    async postRefund(destinationOrder) {
        await super.postRefund(...arguments);
        for (const line of [...destinationOrder.lines]) {
            const tokens = line.refunded_orderline_id?.sports_ticket_qr_tokens || [];
            if (!tokens.length || line.qty >= 0) {
                continue;
            }
            const prices = [];
            for (const ticket of tokens) {
                const found = await this.pos.data.call("pos.order.line", "sports_ticket_lookup", [
                    ticket.token,
                ]);
                if (found.refund_price !== null && found.refund_price !== undefined) {
                    prices.push({ used: found.state === "used", price: found.refund_price });
                }
            }
            prices.sort((a, b) => a.used - b.used);
            const count = -line.qty;
            if (prices.length < count) {
                this.dialog.add(AlertDialog, {
                    title: _t("Ticket already used"),
                    body: _t(
                        "%s: only %s ticket(s) of this line can be refunded; a used ticket of " +
                            "this type cannot be refunded.",
                        line.product_id.display_name,
                        prices.length
                    ),
                });
                if (prices.length) {
                    line.setQuantity(-prices.length);
                } else {
                    line.delete();
                    continue;
                }
            }
            const taken = prices.slice(0, -line.qty);
            const total = taken.reduce((sum, entry) => sum + entry.price, 0);
            if (taken.some((entry) => entry.used)) {
                line.price_type = "manual";
                line.setUnitPrice(total / taken.length);
                line.setDiscount(0);
            }
        }
    },
});
