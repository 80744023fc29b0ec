import { patch } from "@web/core/utils/patch";
import { onWillStart } from "@odoo/owl";
import { ClosePosPopup } from "@point_of_sale/app/components/popups/closing_popup/closing_popup";
import { ask } from "@point_of_sale/app/utils/make_awaitable_dialog";
import { _t } from "@web/core/l10n/translation";

patch(ClosePosPopup.prototype, {
    setup() {
        super.setup(...arguments);
        this.sportsRentals = [];
        onWillStart(async () => {
            try {
                this.sportsRentals = await this.pos.sportsOpenRentals();
            } catch {
                // Offline: the closing itself needs the server and will say so.
                this.sportsRentals = [];
            }
        });
    },

    /** Closing with items still out asks first: their deposits stay held. */
    async confirm() {
        if (this.sportsRentals.length) {
            const confirmed = await ask(this.dialog, {
                title: _t("Items not returned"),
                body: _t(
                    "%s rented item(s) are not back yet; their deposits stay held in the " +
                        "rental deposits account. Close the register anyway?",
                    this.sportsRentals.length
                ),
                confirmLabel: _t("Close anyway"),
                cancelLabel: _t("Go back"),
            });
            if (!confirmed) {
                return;
            }
        }
        return super.confirm(...arguments);
    },
});
