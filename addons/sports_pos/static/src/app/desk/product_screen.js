import { patch } from "@web/core/utils/patch";
import { ProductScreen } from "@point_of_sale/app/screens/product_screen/product_screen";
import { useBarcodeReader } from "@point_of_sale/app/hooks/barcode_reader_hook";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";
import { SportsTicketInfoDialog } from "./ticket_info_dialog";

patch(ProductScreen.prototype, {
    setup() {
        super.setup(...arguments);
        useBarcodeReader({ sports_ticket: this._onSportsTicketScan });
    },

    /** A ticket QR: the server checks its length and signature and says its state. */
    async _onSportsTicketScan(code) {
        if (this.pos.data.network.offline) {
            this.dialog.add(AlertDialog, {
                title: _t("The server is not reachable"),
                body: _t("A ticket can only be checked while the POS reaches the server."),
            });
            return;
        }
        let ticket;
        try {
            ticket = await this.pos.data.call("pos.order.line", "sports_ticket_lookup", [
                code.code,
            ]);
        } catch (error) {
            this.sound.play("scan-error");
            throw error;
        }
        this.sound.play("beep");
        this.dialog.add(SportsTicketInfoDialog, { ticket });
    },
});
