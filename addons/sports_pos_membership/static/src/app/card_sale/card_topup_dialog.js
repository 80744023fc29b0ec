import { Component, onMounted, useState } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { _t } from "@web/core/l10n/translation";
import { usePos } from "@point_of_sale/app/hooks/pos_hook";

/**
 * Finds a member card (scan or type its number or UID, or the cards of the order's
 * customer), shows it with its balance and, for a stored-value card, asks the amount of a
 * top-up with the bonus its tiers give. The server credits the card once the order is
 * paid (pos.order._sports_card_topup); this dialog moves no money.
 */
export class CardTopupDialog extends Component {
    static template = "sports_pos_membership.CardTopupDialog";
    static components = { Dialog };
    static props = {
        card: { type: Object, optional: true },
        partnerId: { type: [Number, { value: false }], optional: true },
        getPayload: Function,
        close: Function,
    };

    setup() {
        this.pos = usePos();
        this.state = useState({
            code: "",
            cards: this.props.card ? [this.props.card] : [],
            selected: this.props.card || null,
            amount: "",
            error: "",
            busy: false,
        });
        onMounted(() => {
            if (!this.props.card && this.props.partnerId) {
                this.lookup({ partner_id: this.props.partnerId });
            }
        });
    }

    async lookup(kwargs) {
        this.state.busy = true;
        this.state.error = "";
        try {
            const cards = await this.pos.data.call(
                "sports.card",
                "sports_pos_card_lookup",
                [this.pos.config.id],
                kwargs
            );
            this.state.cards = cards;
            this.state.selected = cards.length === 1 ? cards[0] : null;
        } catch (error) {
            this.state.cards = [];
            this.state.selected = null;
            this.state.error = error.data?.message || error.message || String(error);
        } finally {
            this.state.busy = false;
        }
    }

    onCodeKeydown(ev) {
        if (ev.key === "Enter") {
            this.search();
        }
    }

    search() {
        const code = this.state.code.trim();
        if (code) {
            this.lookup({ code });
        }
    }

    select(card) {
        this.state.selected = card;
        this.state.error = "";
    }

    get amount() {
        const amount = parseFloat(this.state.amount);
        return Number.isFinite(amount) ? amount : 0;
    }

    get bonus() {
        const card = this.state.selected;
        if (!card) {
            return 0;
        }
        const reached = card.tiers.filter((tier) => tier.amount_min <= this.amount + 1e-9);
        return reached.length ? reached[reached.length - 1].bonus : 0;
    }

    get canTopUp() {
        const card = this.state.selected;
        return card && card.kind === "stored_value" && card.state === "active";
    }

    format(amount) {
        return this.env.utils.formatCurrency(amount || 0);
    }

    confirm() {
        if (!this.canTopUp) {
            this.state.error = _t("Choose an active stored-value card to top up.");
            return;
        }
        if (!(this.amount > 0)) {
            this.state.error = _t("Enter the amount of the top-up.");
            return;
        }
        this.props.getPayload({ card: this.state.selected, amount: this.amount });
        this.props.close();
    }
}
