import { Component, onMounted, onWillUnmount, useRef, useState } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { _t } from "@web/core/l10n/translation";
import { useService } from "@web/core/utils/hooks";
import { usePos } from "@point_of_sale/app/hooks/pos_hook";

/**
 * Identifies the member card that pays a payment line: the cashier scans its number
 * (or its IC card's UID) or types it, or picks one of the customer's cards. It shows each
 * card's balance and why it cannot pay, and debits nothing: the server debits the card
 * when it accepts the order.
 *
 * While it is open, the dialog owns the barcode reader (an exclusive registration), so
 * a raw UID from the card reader comes here and never reaches the product screen.
 */
export class SportsCardDialog extends Component {
    static template = "sports_pos_membership.SportsCardDialog";
    static components = { Dialog };
    static props = {
        paymentMethod: Object,
        amount: Number,
        partner: { type: [Object, { value: false }, { value: null }], optional: true },
        lookup: Function,
        getPayload: Function,
        close: Function,
    };

    setup() {
        this.pos = usePos();
        this.barcodeReader = useService("barcode_reader");
        this.state = useState({ code: "", cards: [], error: "", loading: false });
        this.inputRef = useRef("input");
        // Every scan goes to the dialog, whatever type the nomenclature gives it.
        const onScan = (parsed) => this.search(parsed.code);
        const anyType = new Proxy({}, { get: () => onScan });
        let unregister = null;
        onMounted(() => {
            this.inputRef.el?.focus();
            if (this.barcodeReader) {
                unregister = this.barcodeReader.register(anyType, true);
            }
            if (this.props.partner) {
                this.search(null, this.props.partner.id);
            }
        });
        onWillUnmount(() => unregister?.());
    }

    get title() {
        return _t("Pay %(amount)s with a member card", {
            amount: this.env.utils.formatCurrency(this.props.amount),
        });
    }

    async search(code = null, partnerId = null) {
        code = code === null ? this.state.code.trim() : code;
        if (!code && !partnerId) {
            return;
        }
        this.state.loading = true;
        this.state.error = "";
        const result = await this.props.lookup(code || null, partnerId);
        this.state.loading = false;
        if (result.error) {
            this.state.cards = [];
            this.state.error = result.error;
            return;
        }
        this.state.cards = result.cards;
        if (!result.cards.length && !partnerId) {
            this.state.error = _t("No member card found.");
        }
    }

    onKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.search();
        }
    }

    pick(card) {
        if (card.refusal) {
            return;
        }
        this.props.getPayload(card);
        this.props.close();
    }
}
