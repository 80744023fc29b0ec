import { Component } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { usePos } from "@point_of_sale/app/hooks/pos_hook";

/** A scanned ticket as the server sees it: valid, used, revoked or expired, with the
 * refund the desk can give for it. */
export class SportsTicketInfoDialog extends Component {
    static template = "sports_pos.TicketInfoDialog";
    static components = { Dialog };
    static props = { ticket: Object, close: Function };

    setup() {
        this.pos = usePos();
    }

    get badgeClass() {
        return {
            valid: "text-bg-success",
            used: "text-bg-warning",
            revoked: "text-bg-danger",
            expired: "text-bg-secondary",
        }[this.props.ticket.state];
    }

    get canRefund() {
        const ticket = this.props.ticket;
        return ticket.pos_order_line_id && ticket.refund_price !== null;
    }

    formatAmount(amount) {
        return this.env.utils.formatCurrency(amount);
    }

    async onRefund() {
        const ticket = this.props.ticket;
        this.props.close();
        await this.pos.sportsStartRefund(ticket.pos_order_line_id, 1, ticket.refund_price);
    }
}
