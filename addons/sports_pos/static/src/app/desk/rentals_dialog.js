import { Component, onWillStart, useState } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { usePos } from "@point_of_sale/app/hooks/pos_hook";
import { deserializeDateTime, formatDateTime } from "@web/core/l10n/dates";

/** The items of this desk that are still out, each with a "Return" that refunds its
 * deposit through a POS refund linked to the deposit line. */
export class SportsRentalsDialog extends Component {
    static template = "sports_pos.RentalsDialog";
    static components = { Dialog };
    static props = { close: Function };

    setup() {
        this.pos = usePos();
        this.state = useState({ rentals: [], loading: true });
        onWillStart(async () => {
            this.state.rentals = await this.pos.sportsOpenRentals();
            this.state.loading = false;
        });
    }

    formatDate(value) {
        return formatDateTime(deserializeDateTime(value));
    }

    formatAmount(amount) {
        return this.env.utils.formatCurrency(amount);
    }

    async onReturn(rental) {
        const qty = rental.qty - (rental.refunded_qty || 0);
        this.props.close();
        await this.pos.sportsStartRefund(rental.id, qty);
    }
}
