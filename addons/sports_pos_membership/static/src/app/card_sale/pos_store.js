import { patch } from "@web/core/utils/patch";
import { _t } from "@web/core/l10n/translation";
import { PosStore } from "@point_of_sale/app/services/pos_store";
import { makeAwaitable } from "@point_of_sale/app/utils/make_awaitable_dialog";
import { CardHolderDialog } from "./card_holder_dialog";
import { CardTopupDialog } from "./card_topup_dialog";

patch(PosStore.prototype, {
    /** Deposit products are added with their card, never from the product grid. */
    getExcludedProductIds() {
        const deposits = this.models["product.template"]
            .filter((template) => template.sports_card_role === "deposit")
            .map((template) => template.id);
        return [...super.getExcludedProductIds(), ...deposits];
    },

    async addLineToCurrentOrder(vals, opts = {}, configure = true) {
        const template =
            typeof vals.product_tmpl_id === "number"
                ? this.models["product.template"].get(vals.product_tmpl_id)
                : vals.product_tmpl_id;
        const role = template?.sports_card_role;
        const configured = vals.sports_card_holder_phone || vals.sports_card_number;
        if (role === "card" && !configured) {
            return await this.sportsSellCard(template, vals, opts, configure);
        }
        if (role === "topup" && !configured) {
            return await this.sportsTopUpCard(null, template, vals, opts);
        }
        return await super.addLineToCurrentOrder(vals, opts, configure);
    },

    /** A card line with its holder, and its deposit on a line of its own. */
    async sportsSellCard(template, vals, opts, configure) {
        const partner = this.getOrder()?.getPartner();
        const holder = await makeAwaitable(this.dialog, CardHolderDialog, {
            title: _t("Holder of the card: %s", template.display_name || template.name),
            name: partner?.name || "",
            phone: partner?.phone || "",
        });
        if (!holder) {
            return;
        }
        const deposit = template.sports_card_deposit;
        const depositTemplate = this.models["product.template"].find(
            (candidate) => candidate.sports_card_role === "deposit"
        );
        if (deposit > 0 && !depositTemplate) {
            this.notification.add(
                _t("The member card deposit product is not available in this POS."),
                { type: "danger" }
            );
            return;
        }
        const line = await super.addLineToCurrentOrder(
            {
                ...vals,
                product_tmpl_id: template,
                sports_card_holder_name: holder.name,
                sports_card_holder_phone: holder.phone,
            },
            opts,
            configure
        );
        if (line && deposit > 0) {
            await super.addLineToCurrentOrder(
                {
                    product_tmpl_id: depositTemplate,
                    price_unit: deposit,
                    sports_card_for_line_uuid: line.uuid,
                },
                {},
                false
            );
            this.getOrder().selectOrderline(line);
        }
        return line;
    },

    /** A top-up line for the card the cashier found (or scanned), with its amount. */
    async sportsTopUpCard(card, template = null, vals = {}, opts = {}) {
        template =
            template ||
            this.models["product.template"].find(
                (candidate) => candidate.sports_card_role === "topup"
            );
        const result = await makeAwaitable(this.dialog, CardTopupDialog, {
            card: card || undefined,
            partnerId: this.getOrder()?.getPartner()?.id || false,
        });
        if (!result) {
            return;
        }
        if (!template) {
            this.notification.add(
                _t("The member card top-up product is not available in this POS."),
                { type: "danger" }
            );
            return;
        }
        const order = this.getOrder();
        const holder = this.models["res.partner"].get(result.card.partner_id);
        if (order && holder && !order.getPartner()) {
            order.setPartner(holder);
        }
        return await super.addLineToCurrentOrder(
            {
                ...vals,
                product_tmpl_id: template,
                price_unit: result.amount,
                sports_card_number: result.card.number,
            },
            opts,
            false
        );
    },

    /** A scanned card number: find the card, select its holder and show it. */
    async sportsOpenScannedCard(code) {
        let cards;
        try {
            cards = await this.data.call("sports.card", "sports_pos_card_lookup", [this.config.id], {
                code,
            });
        } catch (error) {
            this.notification.add(error.data?.message || String(error), { type: "danger" });
            return;
        }
        const card = cards[0];
        const holder = card && this.models["res.partner"].get(card.partner_id);
        if (holder && this.getOrder()) {
            this.getOrder().setPartner(holder);
        }
        return await this.sportsTopUpCard(card);
    },
});
