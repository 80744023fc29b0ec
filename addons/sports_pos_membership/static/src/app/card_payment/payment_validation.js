import { patch } from "@web/core/utils/patch";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";
import { RPCError } from "@web/core/network/rpc";
import OrderPaymentValidation from "@point_of_sale/app/utils/order_payment_validation";
import { PaymentScreen } from "@point_of_sale/app/screens/payment_screen/payment_screen";
import { SPORTS_CARD_TERMINAL, offlineCardMessage } from "./payment_sports_card";

const isCardLine = (line) =>
    line.payment_method_id?.use_payment_terminal === SPORTS_CARD_TERMINAL;

patch(OrderPaymentValidation.prototype, {
    handleValidationError(error) {
        if (error instanceof RPCError) {
            // The server refused the order (a card could not pay): it debited nothing.
            // The card lines go back to "identify again", so the cashier can fix them.
            for (const line of this.paymentLines.filter(isCardLine)) {
                line.setPaymentStatus("retry");
            }
        }
        return super.handleValidationError(...arguments);
    },
});

patch(PaymentScreen.prototype, {
    async addNewPaymentLine(paymentMethod) {
        if (
            paymentMethod.use_payment_terminal === SPORTS_CARD_TERMINAL &&
            this.pos.data.network.offline
        ) {
            this.dialog.add(AlertDialog, { title: _t("Member card"), body: offlineCardMessage() });
            return false;
        }
        return super.addNewPaymentLine(...arguments);
    },
});
