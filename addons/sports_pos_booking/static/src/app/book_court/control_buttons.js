import { ControlButtons } from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { BookCourtDialog } from "./book_court_dialog";

patch(ControlButtons.prototype, {
    get sportsBookCourtTitle() {
        return this.pos.data.network.offline
            ? _t("Court bookings need the server: the POS is offline.")
            : _t("Book a court for the customer");
    },
    clickBookCourt() {
        this.dialog.add(BookCourtDialog, {});
    },
});
