import { patch } from "@web/core/utils/patch";
import { ProductScreen } from "@point_of_sale/app/screens/product_screen/product_screen";
import { useBarcodeReader } from "@point_of_sale/app/hooks/barcode_reader_hook";

patch(ProductScreen.prototype, {
    setup() {
        super.setup(...arguments);
        useBarcodeReader({ sports_voucher: this._onSportsVoucherScan });
    },

    /** A voucher QR scanned on the product screen: apply it as the Voucher button does. */
    async _onSportsVoucherScan(code) {
        const applied = await this.pos.sportsApplyVoucherCode(code.code);
        this.sound.play(applied ? "beep" : "scan-error");
    },
});
