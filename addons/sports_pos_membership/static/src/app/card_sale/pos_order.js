import { patch } from "@web/core/utils/patch";
import { PosOrder } from "@point_of_sale/app/models/pos_order";
import { PosOrderline } from "@point_of_sale/app/models/pos_order_line";

const CARD_ROLES = new Set(["card", "deposit", "topup"]);

patch(PosOrderline.prototype, {
    /** A card, its deposit or a top-up is a line of its own: never merged. */
    canBeMergedWith(orderline) {
        if (
            CARD_ROLES.has(this.product_id?.product_tmpl_id?.sports_card_role) ||
            CARD_ROLES.has(orderline.product_id?.product_tmpl_id?.sports_card_role)
        ) {
            return false;
        }
        return super.canBeMergedWith(orderline);
    },
});

patch(PosOrder.prototype, {
    /** Removing a card removes the deposit collected with it. */
    removeOrderline(line) {
        const deposits =
            line.product_id?.product_tmpl_id?.sports_card_role === "card"
                ? this.lines.filter((other) => other.sports_card_for_line_uuid === line.uuid)
                : [];
        const removed = super.removeOrderline(line);
        for (const deposit of deposits) {
            if (this.lines.includes(deposit)) {
                super.removeOrderline(deposit);
            }
        }
        return removed;
    },
});
