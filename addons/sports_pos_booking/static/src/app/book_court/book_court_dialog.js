import { Component, onWillStart, useState } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { _t } from "@web/core/l10n/translation";
import { usePos } from "@point_of_sale/app/hooks/pos_hook";
import { ConnectionLostError } from "@web/core/network/rpc";

const { DateTime } = luxon;
const SQL_FORMAT = "yyyy-MM-dd HH:mm:ss";

/**
 * The day's availability of the desk's venue, from the backend grid's own method
 * (`sports.booking.grid.get_grid`). The cashier picks free slots and a customer;
 * contiguous slots of one space make one booking line, priced by `sports.booking.quote`.
 * The server books each line when it accepts the order.
 */
export class BookCourtDialog extends Component {
    static template = "sports_pos_booking.BookCourtDialog";
    static components = { Dialog };
    static props = { close: Function };

    setup() {
        this.pos = usePos();
        this.state = useState({ grid: null, selected: {}, error: "", busy: false });
        onWillStart(() => this.load(false));
    }

    get venueId() {
        const venue = this.pos.config.sports_venue_id;
        return (typeof venue === "object" ? venue?.id : venue) || false;
    }

    get partner() {
        return this.pos.getOrder()?.getPartner();
    }

    get product() {
        return this.pos.models["product.template"].find((t) => t.sports_court_booking);
    }

    async load(date) {
        this.state.error = "";
        try {
            this.state.grid = await this.pos.data.call("sports.booking.grid", "get_grid", [
                this.venueId,
                date,
            ]);
        } catch (error) {
            this.state.error = this.errorMessage(error);
        }
        this.state.selected = {};
    }

    errorMessage(error) {
        if (error instanceof ConnectionLostError) {
            return _t("The POS is offline: court bookings need the server. Try again when it is back.");
        }
        return error?.data?.message || error?.message || String(error);
    }

    shiftDay(days) {
        const day = DateTime.fromISO(this.state.grid.date).plus({ days });
        return this.load(day.toISODate());
    }

    get dayStart() {
        return DateTime.fromFormat(this.state.grid.day_start_utc, SQL_FORMAT, { zone: "utc" });
    }

    get rows() {
        const grid = this.state.grid;
        if (!grid?.venue) {
            return [];
        }
        const step = grid.step_minutes;
        const nowMinute = DateTime.utc().diff(this.dayStart, "minutes").minutes;
        return grid.spaces.map((space) => {
            const items = [
                ...grid.bookings.filter((b) => b.space_id === space.id),
                ...grid.blocks.filter((b) => b.space_id === space.id),
            ];
            const cells = grid.slots.map((slot) => {
                const key = `${space.id}-${slot.minute}`;
                const taken = items.some(
                    (item) => item.from_minute < slot.minute + step && item.to_minute > slot.minute
                );
                let kind = "free";
                if (taken) {
                    kind = "taken";
                } else if (!slot.open) {
                    kind = "closed";
                } else if (slot.minute + step <= nowMinute) {
                    kind = "past";
                } else if (this.state.selected[key]) {
                    kind = "selected";
                }
                return { key, slot, space, kind };
            });
            return { space, cells };
        });
    }

    toggle(cell) {
        if (!["free", "selected"].includes(cell.kind)) {
            return;
        }
        if (this.state.selected[cell.key]) {
            delete this.state.selected[cell.key];
        } else {
            this.state.selected[cell.key] = {
                space: cell.space,
                minute: cell.slot.minute,
                start: cell.slot.start_utc,
                end: cell.slot.end_utc,
                label: cell.slot.start,
                endLabel: cell.slot.end,
            };
        }
    }

    /** The selection as bookings: contiguous slots of one space make one. */
    get groups() {
        const bySpace = {};
        for (const item of Object.values(this.state.selected)) {
            (bySpace[item.space.id] ||= []).push(item);
        }
        const groups = [];
        for (const items of Object.values(bySpace)) {
            items.sort((a, b) => a.minute - b.minute);
            let current = null;
            for (const item of items) {
                if (current && current.end === item.start) {
                    current.end = item.end;
                    current.endLabel = item.endLabel;
                } else {
                    current = { ...item };
                    groups.push(current);
                }
            }
        }
        return groups;
    }

    /** The space's own grid and durations, as the grid gives them; book() checks them too. */
    ruleError(group) {
        const space = group.space;
        const minutes = this.minuteOf(group.end) - this.minuteOf(group.start);
        if (group.minute % space.slot_minutes || minutes % space.slot_minutes) {
            return _t("%(space)s is booked in %(slot)s-minute slots.", {
                space: space.name,
                slot: space.slot_minutes,
            });
        }
        if (minutes < space.min_minutes || minutes > space.max_minutes) {
            return _t("%(space)s is booked for %(min)s to %(max)s minutes at a time.", {
                space: space.name,
                min: space.min_minutes,
                max: space.max_minutes,
            });
        }
        return "";
    }

    minuteOf(utcString) {
        return DateTime.fromFormat(utcString, SQL_FORMAT, { zone: "utc" }).diff(
            this.dayStart,
            "minutes"
        ).minutes;
    }

    async choosePartner() {
        await this.pos.selectPartner();
    }

    async confirm() {
        const product = this.product;
        if (!product) {
            this.state.error = _t(
                "This POS has no court booking product: ask a manager to make one available."
            );
            return;
        }
        if (!this.partner) {
            this.state.error = _t("Choose the customer of the booking.");
            return;
        }
        const groups = this.groups;
        const wrong = groups.find((group) => this.ruleError(group));
        if (wrong) {
            this.state.error = this.ruleError(wrong);
            return;
        }
        this.state.busy = true;
        this.state.error = "";
        try {
            for (const group of groups) {
                group.amount = await this.pos.data.call("sports.booking", "quote", [
                    group.space.id,
                    group.start,
                    group.end,
                    this.partner.id,
                ]);
            }
            for (const group of groups) {
                await this.pos.addLineToCurrentOrder(
                    {
                        product_tmpl_id: product,
                        price_unit: group.amount,
                        sports_space_id: this.pos.models["sports.space"].get(group.space.id),
                        sports_start_at: group.start,
                        sports_end_at: group.end,
                    },
                    {},
                    false
                );
            }
            this.props.close();
        } catch (error) {
            this.state.error = this.errorMessage(error);
        } finally {
            this.state.busy = false;
        }
    }
}
