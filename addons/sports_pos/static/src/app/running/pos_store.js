import { patch } from "@web/core/utils/patch";
import { _t } from "@web/core/l10n/translation";
import { PosStore } from "@point_of_sale/app/services/pos_store";

patch(PosStore.prototype, {
    async afterProcessServerData() {
        await super.afterProcessServerData(...arguments);
        // The products that only a timer bills: picked from the grid, they open the Running
        // screen instead (the server refuses them without their session anyway).
        this.sportsTimedProductIds = new Set();
        if (this.config.sports_venue_id) {
            const ids = await this.data.silentCall("sports.timed.session", "pos_timed_products", [
                this.config.id,
            ]);
            this.sportsTimedProductIds = new Set(ids || []);
        }
    },

    async addLineToCurrentOrder(vals, opts = {}, configure = true) {
        const template =
            typeof vals.product_tmpl_id === "number"
                ? this.models["product.template"].get(vals.product_tmpl_id)
                : vals.product_tmpl_id;
        const timed = template?.product_variant_ids?.some((product) =>
            this.sportsTimedProductIds?.has(product.id)
        );
        if (timed && !vals.sports_timed_session_id) {
            this.notification.add(
                _t("%s is billed by its timer: start and stop it here.", template.display_name),
                { type: "warning" }
            );
            this.navigate("RunningScreen");
            return;
        }
        return await super.addLineToCurrentOrder(...arguments);
    },
});
