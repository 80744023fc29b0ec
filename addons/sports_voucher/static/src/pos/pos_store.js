import { patch } from "@web/core/utils/patch";
import { PosStore } from "@point_of_sale/app/services/pos_store";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { ConnectionLostError, RPCError } from "@web/core/network/rpc";
import { _t } from "@web/core/l10n/translation";
import { serializeDateTime } from "@web/core/l10n/dates";

export function offlineVoucherMessage() {
    return _t(
        "The POS is offline. A sports voucher needs the server, which checks the voucher " +
            "and the discount: take the payment without it, or wait for the connection."
    );
}

patch(PosStore.prototype, {
    get sportsVoucherProduct() {
        const id = this.config._sports_voucher_product_id;
        return id ? this.models["product.product"].get(id) : undefined;
    },

    sportsVoucherLine(line) {
        return Boolean(line.sports_voucher_id) || line.product_id?.id === this.sportsVoucherProduct?.id;
    },

    /** The order's lines as the server's quote reads them (the voucher lines left out). */
    sportsVoucherQuoteLines(order) {
        return order.lines
            .filter((line) => !this.sportsVoucherLine(line) && line.getQuantity() > 0)
            .map((line) => ({
                product_id: line.product_id.id,
                amount: line.priceIncl,
                space_id: line.sports_space_id?.id || null,
                start: line.sports_start_at?.isValid ? serializeDateTime(line.sports_start_at) : null,
            }));
    },

    /**
     * Ask the server for the voucher ``code`` or the vouchers of ``partnerId`` with their
     * discount on ``order``. Returns ``{vouchers}`` or ``{error}`` (the server's message).
     */
    async sportsVoucherLookup(order, { code = null, partnerId = null } = {}) {
        if (this.data.network.offline) {
            return { error: offlineVoucherMessage() };
        }
        try {
            const result = await this.data.call(
                "sports.voucher",
                "sports_pos_voucher_lookup",
                [this.config.id],
                {
                    code: code || null,
                    partner_id: partnerId || null,
                    lines: this.sportsVoucherQuoteLines(order),
                }
            );
            if (result.records?.length) {
                this.models.loadConnectedData({ "sports.voucher": result.records });
            }
            return { vouchers: result.vouchers };
        } catch (error) {
            if (error instanceof ConnectionLostError) {
                return { error: offlineVoucherMessage() };
            }
            if (error instanceof RPCError) {
                return { error: error.data?.message || error.message };
            }
            throw error;
        }
    },

    /** Add the discount line of ``voucher`` (a lookup's entry) to ``order``. */
    sportsApplyVoucher(order, voucher) {
        const product = this.sportsVoucherProduct;
        if (!product) {
            return _t("The sports voucher product is not loaded: reload the POS.");
        }
        if (order.lines.some((line) => line.sports_voucher_id?.id === voucher.id)) {
            return _t("Voucher %s is on this order already.", voucher.code);
        }
        const record = this.models["sports.voucher"].get(voucher.id);
        if (!record) {
            return _t("Voucher %s could not be loaded: try again.", voucher.code);
        }
        const line = this.models["pos.order.line"].create({
            order_id: order,
            product_id: product,
            qty: 1,
            price_unit: -voucher.discount,
            price_type: "manual",
            tax_ids: [],
            sports_voucher_id: record,
        });
        order.selectOrderline(line);
        return true;
    },

    /** Look the voucher ``code`` up and add it, or say why not in a dialog. */
    async sportsApplyVoucherCode(code) {
        const order = this.getOrder();
        if (!order) {
            return false;
        }
        const result = await this.sportsVoucherLookup(order, { code });
        const error = result.error || this.sportsApplyVoucher(order, result.vouchers[0]);
        if (error !== true) {
            this.dialog.add(AlertDialog, { title: _t("Sports voucher"), body: error });
            return false;
        }
        return true;
    },

    /**
     * The discount of a voucher depends on the order: ask the server again before paying,
     * adjust the discount line, or refuse with the server's reason.
     */
    async pay() {
        const order = this.getOrder();
        const voucherLines = order ? order.lines.filter((l) => l.sports_voucher_id) : [];
        for (const line of voucherLines) {
            if (line.getQuantity() <= 0) {
                continue;
            }
            const result = await this.sportsVoucherLookup(order, {
                code: line.sports_voucher_id.code,
            });
            if (result.error) {
                this.dialog.add(AlertDialog, {
                    title: _t("Sports voucher %s", line.sports_voucher_id.code),
                    body: result.error,
                });
                return;
            }
            const discount = result.vouchers[0].discount;
            if (Math.abs(line.price_unit + discount) > 0.001) {
                line.setUnitPrice(-discount);
                line.price_type = "manual";
            }
        }
        return super.pay(...arguments);
    },
});
