import { _t } from "@web/core/l10n/translation";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { ConnectionLostError, RPCError } from "@web/core/network/rpc";
import { register_payment_method } from "@point_of_sale/app/services/pos_store";
import { PaymentInterface } from "@point_of_sale/app/utils/payment/payment_interface";
import { makeAwaitable } from "@point_of_sale/app/utils/make_awaitable_dialog";
import { PaymentCodeDialog } from "./payment_code_dialog";

export const PAYMENT_CODE_TERMINAL = "payment_code";
const MODEL = "pos.payment.code.trade";

/**
 * The payment code (付款码) "terminal": the cashier scans the code on the customer's
 * phone, the server charges it through the payment provider (WeChat Pay micropay,
 * Alipay trade.pay) and polls it while the customer confirms on the phone. The server
 * owns every trade: it cancels one that is not confirmed in time, and it accepts the
 * order only if each payment code line has a done trade of the same uuid and amount.
 */
export class PaymentCode extends PaymentInterface {
    showError(body) {
        this.env.services.dialog.add(AlertDialog, { title: _t("Payment code"), body });
    }

    /**
     * Call the server; a lost connection or a refusal becomes a result, never a throw:
     * ``{lost: true}`` or ``{state: "error", message}``.
     */
    async call(method, args) {
        try {
            return await this.pos.data.call(MODEL, method, args);
        } catch (error) {
            if (error instanceof ConnectionLostError) {
                return { lost: true };
            }
            if (error instanceof RPCError) {
                return { state: "error", message: error.data?.message || error.message };
            }
            throw error;
        }
    }

    pay(line, authCode) {
        return this.call("paycode_pay", [
            this.pos.config.id,
            this.payment_method_id.id,
            line.uuid,
            line.getAmount(),
            authCode,
        ]);
    }

    poll(line) {
        return this.call("paycode_poll", [line.uuid]);
    }

    cancel(line) {
        return this.call("paycode_cancel", [line.uuid]);
    }

    findLine(uuid) {
        return this.pos.getOrder()?.payment_ids.find((payment) => payment.uuid === uuid);
    }

    async sendPaymentRequest(uuid) {
        await super.sendPaymentRequest(...arguments);
        const line = this.findLine(uuid);
        if (!line) {
            return false;
        }
        if (line.getAmount() < 0) {
            return this.refund(line);
        }
        line.setPaymentStatus("waitingCard");
        const result = await makeAwaitable(this.env.services.dialog, PaymentCodeDialog, {
            amount: line.getAmount(),
            methodName: this.payment_method_id.name,
            pay: (code) => this.pay(line, code),
            poll: () => this.poll(line),
            cancel: () => this.cancel(line),
        });
        if (result?.state === "done") {
            line.transaction_id = result.provider_reference || "";
            return true;
        }
        return false;
    }

    /** A refund: the server refunds the trade that paid the refunded order. */
    async refund(line) {
        const order = line.pos_order_id;
        const refunded = order.lines
            .map((orderLine) => orderLine.refunded_orderline_id?.order_id)
            .filter(Boolean);
        const paid = refunded
            .flatMap((o) => o.payment_ids)
            .filter((p) => p.payment_method_id?.id === this.payment_method_id.id && p.amount > 0);
        if (paid.length !== 1) {
            this.showError(
                _t(
                    "The refunded order was not paid by exactly one %(method)s payment: refund it with another method.",
                    { method: this.payment_method_id.name }
                )
            );
            return false;
        }
        line.setPaymentStatus("waitingCard");
        const result = await this.call("paycode_refund", [
            this.pos.config.id,
            this.payment_method_id.id,
            line.uuid,
            -line.getAmount(),
            paid[0].uuid,
        ]);
        if (result.lost) {
            this.showError(_t("The connection to the server was lost: try the refund again."));
            return false;
        }
        if (result.state === "done") {
            line.transaction_id = result.provider_reference || "";
            return true;
        }
        this.showError(result.message || _t("The provider did not refund this payment."));
        return false;
    }

    async sendPaymentCancel(order, uuid) {
        await super.sendPaymentCancel(...arguments);
        const line = order.payment_ids.find((payment) => payment.uuid === uuid);
        if (!line) {
            return true;
        }
        const result = await this.cancel(line);
        return result.state !== "done" && !result.lost;
    }
}

register_payment_method(PAYMENT_CODE_TERMINAL, PaymentCode);
