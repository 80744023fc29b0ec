import { patch } from "@web/core/utils/patch";
import { OrderReceipt } from "@point_of_sale/app/screens/receipt_screen/receipt/order_receipt";
import { generateQRCodeDataUrl } from "@point_of_sale/utils";

patch(OrderReceipt.prototype, {
    /** The member cards sold or topped up by the order: number, QR of a stored-value
     * card's number, balance. */
    get sportsCards() {
        const cards = [];
        for (const line of this.order.lines || []) {
            for (const card of line.sports_card_receipt || []) {
                cards.push({
                    key: `${line.uuid}-${card.number}`,
                    number: card.number,
                    balance: card.balance,
                    qr: card.qr ? generateQRCodeDataUrl(card.number) : false,
                });
            }
        }
        return cards;
    },
});
