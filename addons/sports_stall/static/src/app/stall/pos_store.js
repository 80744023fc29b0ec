import { patch } from "@web/core/utils/patch";
import { PosStore } from "@point_of_sale/app/services/pos_store";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";

/** Whether ``template`` (a product.template record) belongs to a stall. The POS loads no
 * stall records: the raw id of the relation is what says it. */
function hasStall(template) {
    return Boolean(template?.raw?.sports_stall_id);
}

patch(PosStore.prototype, {
    /** Whether this till is shared by stalls (a food court), not a stall's own. */
    sportsStallShared() {
        return Boolean(this.config.sports_stall_shared && !this.config.sports_stall_id);
    },

    sportsStallRefuse(names) {
        this.dialog.add(AlertDialog, {
            title: _t("Not a stall's product"),
            // One literal, so that the translation export finds it.
            body: _t(
                "This till is shared by the stalls: every product sold here must belong to a stall. %s belongs to none: sell it at another till.",
                names
            ),
        });
    },

    /** At a shared till, refuse a product of no stall when it is added. */
    async addLineToOrder(vals, order, opts = {}, configure = true) {
        if (this.sportsStallShared() && !vals.refunded_orderline_id) {
            let template = vals.product_tmpl_id;
            if (typeof template === "number") {
                template = this.data.models["product.template"].get(template);
            }
            if (template && !hasStall(template)) {
                this.sportsStallRefuse(template.display_name);
                return;
            }
        }
        return await super.addLineToOrder(vals, order, opts, configure);
    },

    /** And before payment, for lines that came another way (a loaded order). */
    async pay() {
        const order = this.getOrder();
        if (order && this.sportsStallShared()) {
            const orphans = order.lines.filter(
                (line) => !line.refunded_orderline_id && !hasStall(line.product_id?.product_tmpl_id)
            );
            if (orphans.length) {
                this.sportsStallRefuse(
                    orphans.map((line) => line.product_id.display_name).join(", ")
                );
                return;
            }
        }
        return await super.pay(...arguments);
    },
});
