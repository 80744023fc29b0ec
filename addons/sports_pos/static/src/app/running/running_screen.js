import { Component, onMounted, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { _t } from "@web/core/l10n/translation";
import { deserializeDateTime } from "@web/core/l10n/dates";
import { ConnectionLostError } from "@web/core/network/rpc";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { usePos } from "@point_of_sale/app/hooks/pos_hook";

const MODEL = "sports.timed.session";

/**
 * The Running screen (计时): the open timed sessions of the desk's venue with their elapsed
 * time and the amount due, ticking; Start on a free item (or space), Stop to bill.
 *
 * Amounts come from the server (the price rules live there): it answers what a session
 * costs now and until when, and the screen asks again when that moment passes.
 */
export class RunningScreen extends Component {
    static template = "sports_pos.RunningScreen";
    static props = {};
    static storeOnOrder = false;

    setup() {
        this.pos = usePos();
        this.dialog = useService("dialog");
        this.state = useState({
            due: {},
            startables: [],
            skew: 0,
            now: Date.now(),
            busy: false,
            loaded: false,
            tz: false,
        });
        onWillStart(() => this.refresh());
        onMounted(() => {
            this.timer = setInterval(() => this.tick(), 1000);
        });
        onWillUnmount(() => clearInterval(this.timer));
    }

    get offline() {
        return this.pos.data.network.offline;
    }

    get sessions() {
        return this.pos.models[MODEL].filter((session) =>
            ["running", "stopped"].includes(session.state)
        ).sort((a, b) => a.start_at - b.start_at);
    }

    get running() {
        return this.sessions.filter((session) => session.state === "running");
    }

    get toPay() {
        return this.sessions.filter((session) => session.state === "stopped");
    }

    serverNow() {
        return this.state.now + this.state.skew;
    }

    async call(method, args) {
        if (this.offline) {
            this.alertOffline();
            return false;
        }
        this.state.busy = true;
        try {
            const result = await this.pos.data.call(MODEL, method, args);
            this.apply(result);
            return true;
        } catch (error) {
            if (error instanceof ConnectionLostError) {
                this.alertOffline();
                return false;
            }
            throw error;
        } finally {
            this.state.busy = false;
        }
    }

    alertOffline() {
        this.dialog.add(AlertDialog, {
            title: _t("No connection"),
            body: _t(
                "Timed sessions need the server: they start, stop and are billed there. " +
                    "Try again when the connection is back."
            ),
        });
    }

    apply(result) {
        this.pos.data.models.connectNewData({ [MODEL]: result[MODEL] });
        this.state.due = result.due;
        this.state.startables = result.startables;
        this.state.skew = deserializeDateTime(result.now).toMillis() - Date.now();
        this.state.tz = result.tz;
        this.state.loaded = true;
    }

    refresh() {
        const known = this.pos.models[MODEL].map((session) => session.id);
        return this.call("pos_refresh", [this.pos.config.id, known]);
    }

    tick() {
        this.state.now = Date.now();
        if (this.state.busy || this.offline) {
            return;
        }
        const now = this.serverNow();
        const stale = Object.values(this.state.due).some(
            (due) => due.until && deserializeDateTime(due.until).toMillis() <= now
        );
        if (stale) {
            this.refresh();
        }
    }

    elapsed(session) {
        const end = session.state === "running" ? this.serverNow() : session.stop_at.toMillis();
        const seconds = Math.max(0, Math.floor((end - session.start_at.toMillis()) / 1000));
        const pad = (n) => String(n).padStart(2, "0");
        return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(
            seconds % 60
        )}`;
    }

    amountDue(session) {
        const amount =
            session.state === "running" ? this.state.due[session.id]?.amount : session.amount;
        return amount === undefined ? "" : this.env.utils.formatCurrency(amount);
    }

    startTime(session) {
        // In the venue's time, as the server's "free until" times.
        const start = this.state.tz ? session.start_at.setZone(this.state.tz) : session.start_at;
        return start.toFormat("HH:mm");
    }

    lineOf(session) {
        return this.pos.models["pos.order.line"].find(
            (line) =>
                line.sports_timed_session_id?.id === session.id &&
                line.order_id &&
                !line.order_id.finalized
        );
    }

    async start(startable) {
        const partner = this.pos.getOrder()?.getPartner();
        await this.call("pos_start", [
            this.pos.config.id,
            startable.kind,
            startable.id,
            partner ? partner.id : false,
        ]);
    }

    async stop(session) {
        if (await this.call("pos_stop", [this.pos.config.id, session.id])) {
            const stopped = this.pos.models[MODEL].get(session.id);
            if (stopped?.state === "stopped") {
                await this.addToOrder(stopped);
            }
        }
    }

    /** Bill a stopped session: one line at its amount on the current order. */
    async addToOrder(session) {
        const existing = this.lineOf(session);
        if (existing) {
            this.pos.setOrder(existing.order_id);
            this.pos.navigate("ProductScreen", { orderUuid: existing.order_id.uuid });
            return;
        }
        const product = session.product_id;
        if (!product) {
            this.dialog.add(AlertDialog, {
                title: _t("Product not in the POS"),
                body: _t(
                    "The product that bills %s is not available in this POS: ask a manager to make it available and reload.",
                    session.name
                ),
            });
            return;
        }
        const order = this.pos.getOrder();
        if (!order || order.finalized) {
            this.pos.addNewOrder();
        }
        await this.pos.addLineToCurrentOrder(
            {
                product_tmpl_id: product.product_tmpl_id,
                product_id: product,
                price_unit: session.amount,
                qty: 1,
                sports_timed_session_id: session,
            },
            {},
            false
        );
        this.back();
    }

    back() {
        const order = this.pos.getOrder() || this.pos.addNewOrder();
        this.pos.navigate("ProductScreen", { orderUuid: order.uuid });
    }
}

registry.category("pos_pages").add("RunningScreen", {
    name: "RunningScreen",
    component: RunningScreen,
    route: `/pos/ui/${odoo.pos_config_id}/running`,
    params: {},
});
