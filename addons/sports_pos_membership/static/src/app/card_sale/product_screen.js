import { patch } from "@web/core/utils/patch";
import { ProductScreen } from "@point_of_sale/app/screens/product_screen/product_screen";
import { useBarcodeReader } from "@point_of_sale/app/hooks/barcode_reader_hook";

patch(ProductScreen.prototype, {
    setup() {
        super.setup(...arguments);
        useBarcodeReader({ sports_card: this._onSportsCardScan });
    },
    /** A scanned member card number (rule `MC\d+`) opens the card. */
    async _onSportsCardScan(code) {
        await this.pos.sportsOpenScannedCard(code.base_code || code.code);
    },
});
