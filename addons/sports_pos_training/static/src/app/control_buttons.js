import { patch } from "@web/core/utils/patch";
import { _t } from "@web/core/l10n/translation";
import { ControlButtons } from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import { SportsEnrolDialog } from "./enrol_dialog";

patch(ControlButtons.prototype, {
    clickSportsEnrol() {
        const partner = this.pos.getOrder()?.getPartner();
        if (!partner) {
            this.notification.add(_t("Choose the customer who enrols first."), {
                type: "warning",
            });
            return;
        }
        this.dialog.add(SportsEnrolDialog, { partner });
    },
});
