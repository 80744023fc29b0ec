import { patch } from "@web/core/utils/patch";
import { OrderReceipt } from "@point_of_sale/app/screens/receipt_screen/receipt/order_receipt";
import { generateQRCodeDataUrl } from "@point_of_sale/utils";

patch(OrderReceipt.prototype, {
    /** One entry per valid ticket of the order: its name and the QR image of its token. */
    get sportsTickets() {
        const tickets = [];
        for (const line of this.order.lines || []) {
            for (const ticket of line.sports_ticket_qr_tokens || []) {
                tickets.push({
                    key: ticket.token,
                    name: ticket.name,
                    qr: generateQRCodeDataUrl(ticket.token),
                });
            }
        }
        return tickets;
    },
});
