import { patch } from "@web/core/utils/patch";
import OrderPaymentValidation from "@point_of_sale/app/utils/order_payment_validation";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { ConnectionLostError, RPCError } from "@web/core/network/rpc";
import { _t } from "@web/core/l10n/translation";

patch(OrderPaymentValidation.prototype, {
    async validateOrder(isForceValidate) {
        if (this.order && !(await this.pos.sportsCheckUncertainOrder(this.order))) {
            return false;
        }
        return super.validateOrder(...arguments);
    },

    /**
     * A lost connection while the server accepts an order that only the server can
     * accept (tickets, bookings, member cards): the POS does not know whether it was
     * paid. It keeps the order on the payment screen, locked until the server says.
     * Plain goods keep the POS's own offline behaviour.
     */
    handleValidationError(error) {
        const needsServer = this.order?.lines.some(
            (line) => line.product_id?.product_tmpl_id?.sports_pos_needs_server
        );
        if (!(error instanceof ConnectionLostError) || !needsServer) {
            return super.handleValidationError(...arguments);
        }
        this.order.uiState.sportsSyncUncertain = true;
        this.pos.dialog.add(AlertDialog, {
            title: _t("Connection lost during the payment"),
            body: _t(
                "The server may or may not have accepted this order. Do not take the " +
                    "payment again: when the connection is back, validate again and the POS " +
                    "asks the server first."
            ),
        });
        // An RPCError keeps the cashier on the payment screen.
        return new RPCError(_t("Connection lost during the payment"));
    },
});
