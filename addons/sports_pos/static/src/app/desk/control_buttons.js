import { patch } from "@web/core/utils/patch";
import { ControlButtons } from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import { SportsRentalsDialog } from "./rentals_dialog";

patch(ControlButtons.prototype, {
    clickSportsRentals() {
        this.dialog.add(SportsRentalsDialog, {});
    },
});
