import { Component, onMounted, onWillUnmount, useRef, useState } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { _t } from "@web/core/l10n/translation";
import { useService } from "@web/core/utils/hooks";
import { usePos } from "@point_of_sale/app/hooks/pos_hook";

/**
 * Redeems a sports voucher on the current order: the cashier scans the voucher's QR or
 * types its code, or picks one of the customer's vouchers. The server says the discount
 * each gives on this order, or why it cannot be used; the server checks it all again
 * when it accepts the order.
 *
 * While it is open, the dialog owns the barcode reader, so a scanned QR comes here.
 */
export class SportsVoucherDialog extends Component {
    static template = "sports_voucher.SportsVoucherDialog";
    static components = { Dialog };
    static props = { order: Object, close: Function };

    setup() {
        this.pos = usePos();
        this.barcodeReader = useService("barcode_reader");
        this.state = useState({ code: "", vouchers: [], error: "", loading: false });
        this.inputRef = useRef("input");
        const onScan = (parsed) => this.search(parsed.code);
        const anyType = new Proxy({}, { get: () => onScan });
        let unregister = null;
        onMounted(() => {
            this.inputRef.el?.focus();
            if (this.barcodeReader) {
                unregister = this.barcodeReader.register(anyType, true);
            }
            if (this.partner) {
                this.search(null, this.partner.id);
            }
        });
        onWillUnmount(() => unregister?.());
    }

    get partner() {
        return this.props.order.getPartner();
    }

    get title() {
        return this.partner
            ? _t("Sports voucher of %s", this.partner.name)
            : _t("Sports voucher");
    }

    async search(code = null, partnerId = null) {
        code = code === null ? this.state.code.trim() : code;
        if (!code && !partnerId) {
            return;
        }
        this.state.loading = true;
        this.state.error = "";
        const result = await this.pos.sportsVoucherLookup(this.props.order, {
            code: code || null,
            partnerId,
        });
        this.state.loading = false;
        if (result.error) {
            this.state.vouchers = [];
            this.state.error = result.error;
            return;
        }
        this.state.vouchers = result.vouchers;
        if (!result.vouchers.length) {
            this.state.error = partnerId
                ? _t("This customer holds no sports voucher: scan or type its code.")
                : _t("No voucher found.");
        } else if (code && !result.vouchers[0].error) {
            this.pick(result.vouchers[0]);
        }
    }

    onKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.search();
        }
    }

    formatAmount(amount) {
        return this.env.utils.formatCurrency(amount);
    }

    pick(voucher) {
        if (voucher.error) {
            return;
        }
        const result = this.pos.sportsApplyVoucher(this.props.order, voucher);
        if (result !== true) {
            this.state.error = result;
            return;
        }
        this.props.close();
    }
}
