import { patch } from "@web/core/utils/patch";
import { ControlButtons } from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";
import { SportsVoucherDialog } from "./voucher_dialog";
import { offlineVoucherMessage } from "./pos_store";

patch(ControlButtons.prototype, {
    clickSportsVoucher() {
        if (this.pos.data.network.offline) {
            this.dialog.add(AlertDialog, {
                title: _t("Sports voucher"),
                body: offlineVoucherMessage(),
            });
            return;
        }
        this.dialog.add(SportsVoucherDialog, { order: this.pos.getOrder() });
    },
});
