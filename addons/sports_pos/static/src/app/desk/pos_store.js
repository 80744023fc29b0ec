import { patch } from "@web/core/utils/patch";
import { PosStore } from "@point_of_sale/app/services/pos_store";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { ConnectionLostError } from "@web/core/network/rpc";
import { _t } from "@web/core/l10n/translation";

const ACCEPTED = ["paid", "done", "invoiced"];

patch(PosStore.prototype, {
    /**
     * Refuse, while offline, the products whose sale the server must accept (tickets,
     * bookings, member cards); add the deposit of a rented item with it.
     */
    async addLineToOrder(vals, order, opts = {}, configure = true) {
        let template = vals.product_tmpl_id;
        if (typeof template === "number") {
            template = this.data.models["product.template"].get(template);
        }
        if (!vals.refunded_orderline_id && !opts.sportsDeposit) {
            if (template?.sports_pos_needs_server && this.data.network.offline) {
                this.dialog.add(AlertDialog, {
                    title: _t("The server is not reachable"),
                    body: _t(
                        "%s can only be sold while the POS reaches the server: the server " +
                            "issues the ticket, books the court or moves the member card. " +
                            "Sell goods meanwhile, and try again when the connection is back.",
                        template.display_name
                    ),
                });
                return;
            }
            if (order && !(await this.sportsCheckUncertainOrder(order))) {
                return;
            }
        }
        const line = await super.addLineToOrder(vals, order, opts, configure);
        const deposit = template?.sports_rental_ok && template.sports_rental_deposit_product_id;
        if (line && deposit && !opts.sportsDeposit && !vals.refunded_orderline_id) {
            await this.sportsAddDeposit(line, deposit);
        }
        return line;
    },

    /** Add (or raise) the deposit line of the rented item ``line``. */
    async sportsAddDeposit(line, deposit) {
        const order = line.order_id;
        const existing = order.lines.find(
            (l) =>
                l.product_id?.id === deposit.id &&
                l.sports_rental_product_id?.id === line.product_id.id &&
                !l.refunded_orderline_id
        );
        if (existing) {
            existing.setQuantity(existing.getQuantity() + 1);
            order.selectOrderline(line);
            return existing;
        }
        const depositLine = await this.addLineToOrder(
            {
                product_id: deposit,
                product_tmpl_id: deposit.product_tmpl_id,
                sports_rental_product_id: line.product_id,
            },
            order,
            { sportsDeposit: true },
            false
        );
        order.selectOrderline(line);
        return depositLine;
    },

    async pay() {
        const order = this.getOrder();
        if (order && !(await this.sportsCheckUncertainOrder(order))) {
            return;
        }
        return super.pay(...arguments);
    },

    /**
     * The connection was lost while the server was accepting ``order``: ask the server
     * (``read_pos_data_uuid``) whether it was accepted before the cashier may change or
     * pay it again. Returns true when the order may be edited or paid (the server did not
     * accept it), false otherwise (accepted: it is loaded as paid; or still unknown).
     */
    async sportsCheckUncertainOrder(order) {
        if (!order.uiState?.sportsSyncUncertain) {
            return true;
        }
        let data;
        try {
            data = await this.data.call("pos.order", "read_pos_data_uuid", [order.uuid]);
        } catch (error) {
            if (!(error instanceof ConnectionLostError)) {
                throw error;
            }
            this.dialog.add(AlertDialog, {
                title: _t("Waiting for the server"),
                body: _t(
                    "The connection was lost while the server was accepting this order. " +
                        "It may have been paid already: wait until the POS is back online " +
                        "before changing or paying it again."
                ),
            });
            return false;
        }
        const serverOrder = (data["pos.order"] || []).find((o) => o.uuid === order.uuid);
        order.uiState.sportsSyncUncertain = false;
        if (serverOrder && ACCEPTED.includes(serverOrder.state)) {
            const missing = await this.data.missingRecursive(data);
            this.models.loadConnectedData(missing);
            this.removePendingOrder(order);
            this.dialog.add(AlertDialog, {
                title: _t("The order was paid"),
                body: _t(
                    "The server had accepted this order before the connection was lost: " +
                        "it is paid, and its receipt is shown. Do not take the payment again."
                ),
            });
            this.navigate("ReceiptScreen", { orderUuid: order.uuid });
            return false;
        }
        order.state = "draft";
        return true;
    },

    /**
     * Start a refund of ``qty`` units of the server order line ``lineId`` (a rental's
     * deposit, a scanned ticket), linked to it, at ``priceUnit`` when given: a new
     * refund order, selected, for the cashier to pay back.
     */
    async sportsStartRefund(lineId, qty, priceUnit = undefined) {
        await this.data.loadServerOrders([["lines", "in", [lineId]]]);
        const original = this.models["pos.order.line"].get(lineId);
        if (!original) {
            return false;
        }
        const order = this.addNewOrder({ partner_id: original.order_id.partner_id });
        order.is_refund = true;
        order.refunded_order_id = original.order_id;
        this.models["pos.order.line"].create({
            qty: -qty,
            price_unit: priceUnit ?? original.price_unit,
            product_id: original.product_id,
            order_id: order,
            discount: priceUnit === undefined ? original.discount : 0,
            tax_ids: original.tax_ids.map((tax) => ["link", tax]),
            refunded_orderline_id: original,
            price_type: priceUnit === undefined ? "automatic" : "manual",
        });
        this.setOrder(order);
        this.navigate("ProductScreen", { orderUuid: order.uuid });
        return order;
    },

    /** The deposit lines of this desk whose item is still out, newest first. */
    async sportsOpenRentals() {
        return await this.data.orm.searchRead(
            "pos.order.line",
            [
                ["sports_rental_state", "=", "out"],
                ["order_id.config_id", "=", this.config.id],
            ],
            [
                "sports_rental_product_id",
                "order_id",
                "product_id",
                "qty",
                "refunded_qty",
                "price_subtotal_incl",
                "create_date",
            ],
            { order: "id desc", limit: 200 }
        );
    },
});
