import { Component, onMounted, onWillUnmount, useRef, useState } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { _t } from "@web/core/l10n/translation";
import { useService } from "@web/core/utils/hooks";

// Milliseconds between two polls while the customer confirms on the phone.
export const POLL_INTERVAL = 2000;
// The POS gives up waiting this long after the server's deadline: the server (and its
// cron) cancels the trade then anyway.
const GIVE_UP_AFTER_DEADLINE = 30000;

/**
 * Asks for the customer's payment code, sends it, and follows the trade: "waiting for
 * the customer to confirm on the phone", then the result. While it is open, the dialog
 * owns the barcode reader: a scan fills the code and sends it.
 *
 * It resolves with the trade's last state (``{state: "done", ...}`` when paid).
 */
export class PaymentCodeDialog extends Component {
    static template = "pos_payment_code.PaymentCodeDialog";
    static components = { Dialog };
    static props = {
        amount: Number,
        methodName: String,
        pay: Function,
        poll: Function,
        cancel: Function,
        getPayload: Function,
        close: Function,
    };

    setup() {
        this.barcodeReader = useService("barcode_reader");
        this.state = useState({ code: "", step: "scan", message: "", lost: false });
        this.inputRef = useRef("input");
        this.result = null;
        this.timer = null;
        this.closed = false;
        const onScan = (parsed) => {
            if (this.state.step === "scan") {
                this.state.code = parsed.code;
                this.send();
            }
        };
        const anyType = new Proxy({}, { get: () => onScan });
        let unregister = null;
        onMounted(() => {
            this.inputRef.el?.focus();
            if (this.barcodeReader) {
                unregister = this.barcodeReader.register(anyType, true);
            }
        });
        onWillUnmount(() => {
            unregister?.();
            clearTimeout(this.timer);
            this.closed = true;
            // Closed while the customer confirms: the trade must not stay open.
            if (this.state.step === "waiting") {
                this.props.cancel();
            }
        });
    }

    get title() {
        return _t("%(method)s: %(amount)s", {
            method: this.props.methodName,
            amount: this.env.utils.formatCurrency(this.props.amount),
        });
    }

    onKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.send();
        }
    }

    async send() {
        const code = this.state.code.replace(/\s/g, "");
        if (!/^[0-9]{10,30}$/.test(code)) {
            this.state.message = _t("This is not a payment code: scan the code on the customer's phone.");
            return;
        }
        this.state.step = "sending";
        this.state.message = "";
        const result = await this.props.pay(code);
        if (result.lost) {
            // The charge may have reached the provider: follow the trade by polling.
            this.state.lost = true;
            this.follow({ state: "pending" });
            return;
        }
        this.follow(result);
    }

    follow(result) {
        if (this.closed) {
            return;
        }
        if (result.deadline) {
            this.giveUpAt = Date.parse(result.deadline.replace(" ", "T") + "Z") + GIVE_UP_AFTER_DEADLINE;
        }
        this.giveUpAt ??= Date.now() + 60000 + GIVE_UP_AFTER_DEADLINE;
        this.result = result;
        if (result.state === "done") {
            this.state.step = "done";
            this.props.getPayload(result);
            this.props.close();
            return;
        }
        if (result.state === "pending" || result.state === "draft") {
            this.state.step = "waiting";
            this.timer = setTimeout(() => this.pollOnce(), POLL_INTERVAL);
            return;
        }
        this.state.step = "failed";
        this.state.message =
            result.message ||
            (result.state === "cancelled"
                ? _t("The payment was cancelled.")
                : _t("The provider refused the payment."));
        this.props.getPayload(result);
    }

    async pollOnce() {
        if (this.closed || this.state.step !== "waiting") {
            return;
        }
        const result = await this.props.poll();
        if (result.lost) {
            this.state.lost = true;
            if (Date.now() > this.giveUpAt) {
                this.state.step = "failed";
                this.state.message = _t(
                    "The connection to the server is lost. The server cancels the payment if the customer confirmed it: take another payment method."
                );
                return;
            }
            this.timer = setTimeout(() => this.pollOnce(), POLL_INTERVAL);
            return;
        }
        this.state.lost = false;
        this.follow(result);
    }

    async onCancel() {
        clearTimeout(this.timer);
        this.state.step = "sending";
        const result = await this.props.cancel();
        if (result.lost) {
            this.state.lost = true;
            this.state.step = "waiting";
            this.timer = setTimeout(() => this.pollOnce(), POLL_INTERVAL);
            return;
        }
        this.follow(result);
    }
}
