import { PosStore } from "@point_of_sale/app/services/pos_store";
import { patch } from "@web/core/utils/patch";

patch(PosStore.prototype, {
    /** No discount applies to a court booking: it is booked at its quoted price. */
    async setDiscountFromUI(line, val) {
        if (line?.isSportsBooking) {
            return;
        }
        return super.setDiscountFromUI(...arguments);
    },
});
