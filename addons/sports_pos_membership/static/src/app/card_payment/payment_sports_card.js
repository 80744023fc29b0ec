import { _t } from "@web/core/l10n/translation";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { ConnectionLostError, RPCError } from "@web/core/network/rpc";
import { register_payment_method } from "@point_of_sale/app/services/pos_store";
import { PaymentInterface } from "@point_of_sale/app/utils/payment/payment_interface";
import { makeAwaitable } from "@point_of_sale/app/utils/make_awaitable_dialog";
import { SportsCardDialog } from "./card_dialog";

export const SPORTS_CARD_TERMINAL = "sports_card";

export function offlineCardMessage() {
    return _t(
        "The POS is offline. A member card payment needs the server, which checks and " +
            "debits the card: take another payment method, or wait for the connection."
    );
}

/**
 * The member card "terminal": it only identifies the card and shows its balance. It
 * debits nothing; the server debits the card when it accepts the order, and refuses the
 * whole order if the card cannot pay.
 */
export class PaymentSportsCard extends PaymentInterface {
    setup() {
        super.setup(...arguments);
        // Nothing was debited yet: "reversing" a payment line just forgets its card.
        this.supports_reversals = true;
    }

    /** The cashier may type a partial amount before identifying the card. */
    get fastPayments() {
        return false;
    }

    showError(body) {
        this.env.services.dialog.add(AlertDialog, { title: _t("Member card"), body });
    }

    async lookup(code, partnerId, amount) {
        if (this.pos.data.network.offline) {
            return { error: offlineCardMessage() };
        }
        try {
            const cards = await this.pos.data.call(
                "pos.payment.method",
                "sports_card_lookup",
                [[this.payment_method_id.id], this.pos.config.id],
                { code, partner_id: partnerId || null, amount: amount || null }
            );
            return { cards };
        } catch (error) {
            if (error instanceof ConnectionLostError) {
                return { error: offlineCardMessage() };
            }
            if (error instanceof RPCError) {
                return { error: error.data?.message || error.message };
            }
            throw error;
        }
    }

    async sendPaymentRequest(uuid) {
        await super.sendPaymentRequest(...arguments);
        const order = this.pos.getOrder();
        const line = order.payment_ids.find((payment) => payment.uuid === uuid);
        if (this.pos.data.network.offline) {
            this.showError(offlineCardMessage());
            return false;
        }
        const amount = Math.abs(line.getAmount());
        if (line.getAmount() < 0) {
            // A refund credits back the card that paid the refunded order, found by the
            // server; the cashier may scan another of its cards to choose one.
            const refunded = order.lines
                .map((orderLine) => orderLine.refunded_orderline_id?.order_id)
                .filter(Boolean);
            const cardIds = new Set(
                refunded.flatMap((o) =>
                    o.payment_ids
                        .filter((p) => p.payment_method_id.use_payment_terminal === SPORTS_CARD_TERMINAL)
                        .map((p) => p.sports_card_ref)
                        .filter(Boolean)
                )
            );
            if (cardIds.size === 1) {
                line.sports_card_ref = [...cardIds][0];
                return true;
            }
        }
        const card = await makeAwaitable(this.env.services.dialog, SportsCardDialog, {
            paymentMethod: this.payment_method_id,
            amount,
            partner: order.getPartner() || false,
            lookup: (code, partnerId) =>
                this.lookup(code, partnerId, line.getAmount() > 0 ? amount : null),
        });
        if (!card) {
            return false;
        }
        line.sports_card_ref = card.id;
        line.cardholder_name = card.holder;
        line.card_no = card.name;
        return true;
    }

    async sendPaymentCancel() {
        return true;
    }

    async sendPaymentReversal(uuid) {
        const line = this.pos.getOrder()?.payment_ids.find((payment) => payment.uuid === uuid);
        if (line) {
            line.sports_card_ref = 0;
        }
        return true;
    }
}

register_payment_method(SPORTS_CARD_TERMINAL, PaymentSportsCard);
