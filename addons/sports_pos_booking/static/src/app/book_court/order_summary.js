import { OrderSummary } from "@point_of_sale/app/screens/product_screen/order_summary/order_summary";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";

patch(OrderSummary.prototype, {
    /** A booking line keeps its quoted price and its quantity of one: the server books
     * exactly what was quoted. Backspace removes it; any other key is refused. */
    async updateSelectedOrderline({ buffer, key }) {
        const line = this.pos.getOrder()?.getSelectedOrderline();
        if (line?.isSportsBooking && !line.refunded_orderline_id) {
            this.numberBuffer.reset();
            if (key === "Backspace" && this.pos.numpadMode === "quantity") {
                this._setValue("remove");
                return;
            }
            this.dialog.add(AlertDialog, {
                title: _t("Court bookings keep their price"),
                body: _t(
                    "No discount or price change applies to a court booking, and each line is one booking. Remove the line and book again to change it."
                ),
            });
            return;
        }
        return super.updateSelectedOrderline(...arguments);
    },
});
