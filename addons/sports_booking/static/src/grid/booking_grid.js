import {
    onWillStart,
    useEffect,
    useExternalListener,
    useRef,
    useState,
} from "@odoo/owl";
import { router } from "@web/core/browser/router";
import { DateTimeInput } from "@web/core/datetime/datetime_input";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { KeepLast } from "@web/core/utils/concurrency";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { formatMonetary } from "@web/views/fields/formatters";
import { FormViewDialog } from "@web/views/view_dialogs/form_view_dialog";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

import { BookingGridInteractions, MOVABLE_STATES } from "./booking_grid_interactions";

const { DateTime } = luxon;

const SQL_FORMAT = "yyyy-MM-dd HH:mm:ss";

/**
 * Day grid of a venue: bookable spaces (rows) by time slots (columns).
 *
 * Click a free cell to book it, a booking to open it, a blocked cell to open the
 * booking of the combined space that blocks it. Drag the right edge of a booking, press
 * its "+" button, or shift-click a free cell after it to extend it by whole slots.
 * Cells are keyboard reachable: arrows move, Enter opens or books, "+" extends.
 */
export class BookingGrid extends BookingGridInteractions {
    static template = "sports_booking.BookingGrid";
    static components = { Layout, DateTimeInput };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.dialog = useService("dialog");
        this.notification = useService("notification");
        this.tableRef = useRef("table");
        this.keepLast = new KeepLast();
        const action = this.props.action;
        const context = action.context || {};
        // The URL keeps the venue and date (see updateActionState), so a reload or a
        // shared link opens the same grid. Ignore the parameters of another action.
        const fromUrl = [action.path, action.xml_id, action.id, action.tag].includes(
            router.current.action
        )
            ? router.current
            : {};
        const params = { ...fromUrl, ...(action.params || {}) };
        this.state = useState({
            grid: null,
            loading: false,
            busy: false,
            drag: null,
            focus: { row: 0, col: 0 },
            venueId: parseInt(context.grid_venue_id || params.venue_id) || false,
            date: context.grid_date || params.date || false,
        });
        useExternalListener(window, "pointerup", this.onPointerUp);
        useExternalListener(window, "keydown", this.onWindowKeydown);
        this.scrollRef = useRef("scroll");
        onWillStart(() => this.load());
        // Opening today's grid, or another venue's, scrolls the current time into view.
        useEffect(
            () => {
                const scroller = this.scrollRef.el;
                const now = scroller?.querySelector("th.o_booking_grid_now");
                const spaceHeader = scroller?.querySelector(".o_booking_grid_space_header");
                if (!scroller) {
                    return;
                }
                scroller.scrollLeft = now
                    ? Math.max(now.offsetLeft - spaceHeader.offsetWidth - now.offsetWidth, 0)
                    : 0;
            },
            () => [this.state.grid?.date, this.state.grid?.venue?.id]
        );
    }

    // --------------------------------------------------------------------------------
    // Data
    // --------------------------------------------------------------------------------

    async load() {
        this.state.loading = true;
        try {
            // Only the last request counts when the user clicks through days quickly.
            const grid = await this.keepLast.add(
                this.orm.call("sports.booking.grid", "get_grid", [
                    this.state.venueId,
                    this.state.date,
                ])
            );
            this.state.grid = grid;
            this.state.venueId = grid.venue?.id || false;
            this.state.date = grid.date;
        } catch (error) {
            this.notifyError(error);
            if (!this.state.grid) {
                // Bad URL parameters: fall back to the default venue and today.
                this.state.grid = await this.orm.call("sports.booking.grid", "get_grid", [
                    false,
                    false,
                ]);
            }
            // Keep the controls in step with the grid that is shown.
            this.state.venueId = this.state.grid.venue?.id || false;
            this.state.date = this.state.grid.date;
        } finally {
            this.state.loading = false;
        }
        this.clampFocus();
        this.props.updateActionState?.({
            venue_id: this.state.venueId || undefined,
            date: this.state.date || undefined,
        });
    }

    notifyError(error, title = _t("Booking Grid")) {
        const message = error?.data?.message || error?.message || String(error);
        this.notification.add(message, { type: "danger", title });
    }

    // --------------------------------------------------------------------------------
    // Derived data
    // --------------------------------------------------------------------------------

    get grid() {
        return this.state.grid;
    }

    get step() {
        return this.grid.step_minutes;
    }

    get dateValue() {
        return this.state.date ? DateTime.fromISO(this.state.date) : DateTime.now();
    }

    get dateLabel() {
        return this.dateValue.toLocaleString({
            weekday: "long",
            year: "numeric",
            month: "long",
            day: "numeric",
        });
    }

    get isToday() {
        return this.grid?.date === this.grid?.today;
    }

    get dayStart() {
        return DateTime.fromFormat(this.grid.day_start_utc, SQL_FORMAT, { zone: "utc" });
    }

    get nowMinute() {
        return DateTime.utc().diff(this.dayStart, "minutes").minutes;
    }

    /** UTC server string of a time given in minutes since the venue's local midnight. */
    utcAt(minute) {
        return this.dayStart.plus({ minutes: minute }).toFormat(SQL_FORMAT);
    }

    /** Minutes since the venue's local midnight of a UTC server string. */
    minuteOf(utcString) {
        return DateTime.fromFormat(utcString, SQL_FORMAT, { zone: "utc" }).diff(
            this.dayStart,
            "minutes"
        ).minutes;
    }

    get rows() {
        const grid = this.grid;
        const slots = grid.slots;
        const step = this.step;
        const now = this.nowMinute;
        const drag = this.state.drag;
        return grid.spaces.map((space, rowIndex) => {
            const bookings = grid.bookings.filter((b) => b.space_id === space.id);
            const blocks = grid.blocks.filter((b) => b.space_id === space.id);
            const cells = [];
            let col = 0;
            while (col < slots.length) {
                const slot = slots[col];
                const covers = (item) =>
                    item.from_minute < slot.minute + step && item.to_minute > slot.minute;
                const booking = bookings.find(covers);
                const blocking = booking ? [] : blocks.filter(covers);
                const item = booking || blocking[0];
                let span = 1;
                if (item) {
                    while (
                        col + span < slots.length &&
                        slots[col + span].minute < item.to_minute
                    ) {
                        span++;
                    }
                }
                const cell = {
                    key: `${space.id}-${slot.minute}`,
                    row: rowIndex,
                    col,
                    span,
                    minute: slot.minute,
                    space,
                    slot,
                };
                if (booking) {
                    Object.assign(cell, {
                        type: "booking",
                        booking,
                        movable: MOVABLE_STATES.includes(booking.state),
                    });
                } else if (blocking.length) {
                    Object.assign(cell, { type: "blocked", blocks: blocking });
                } else {
                    Object.assign(cell, {
                        type: slot.open ? "free" : "closed",
                        past: slot.minute + step <= now,
                        preview:
                            drag &&
                            drag.spaceId === space.id &&
                            slot.minute >= drag.fromMinute &&
                            slot.minute < drag.toMinute,
                    });
                }
                cells.push(cell);
                col += span;
            }
            return { space, cells, index: rowIndex };
        });
    }

    get nowColumn() {
        if (!this.isToday) {
            return -1;
        }
        const now = this.nowMinute;
        return this.grid.slots.findIndex((s) => s.minute <= now && now < s.minute + this.step);
    }

    cellClass(cell, nowColumn) {
        const classes = [`o_booking_grid_cell o_booking_grid_${cell.type}`];
        if (cell.type === "booking") {
            const b = cell.booking;
            classes.push(b.kind === "block" ? "o_booking_grid_closure" : `o_state_${b.state}`);
            if (this.state.drag?.bookingId === b.id) {
                classes.push("o_booking_grid_dragging");
            }
        }
        if (cell.type === "blocked" && cell.blocks[0].kind === "block") {
            classes.push("o_booking_grid_blocked_closure");
        }
        if (cell.past) {
            classes.push("o_booking_grid_past");
        }
        if (cell.preview) {
            classes.push("o_booking_grid_preview");
        }
        if (cell.col === nowColumn && cell.span === 1) {
            classes.push("o_booking_grid_now");
        }
        return classes.join(" ");
    }

    isFocused(cell) {
        const { row, col } = this.state.focus;
        return cell.row === row && col >= cell.col && col < cell.col + cell.span;
    }

    stateLabel(booking) {
        if (booking.kind === "block") {
            return _t("Closure");
        }
        return (
            {
                held: _t("Held (unpaid)"),
                confirmed: _t("Confirmed"),
                checked_in: _t("Checked in"),
                done: _t("Done"),
                no_show: _t("No-show"),
            }[booking.state] || booking.state
        );
    }

    bookingTitle(booking) {
        const parts = [
            booking.name,
            `${booking.start}–${booking.end}`,
            booking.kind === "block" ? _t("Closure") : booking.partner_name,
            this.stateLabel(booking),
        ];
        if (booking.kind !== "block") {
            parts.push(this.formatAmount(booking.amount));
        }
        return parts.filter(Boolean).join(" · ");
    }

    blockedTitle(cell) {
        return cell.blocks
            .map((b) => `${b.label} (${b.booking_space_name}, ${b.start}–${b.end})`)
            .join("\n");
    }

    freeTitle(cell) {
        if (cell.type === "closed") {
            return _t("%(space)s, %(time)s: closed", {
                space: cell.space.name,
                time: cell.slot.start,
            });
        }
        if (cell.past) {
            return _t("%(space)s, %(time)s: this slot has passed", {
                space: cell.space.name,
                time: cell.slot.start,
            });
        }
        return _t("Book %(space)s at %(time)s (shift-click: extend the booking before it)", {
            space: cell.space.name,
            time: cell.slot.start,
        });
    }

    formatAmount(amount) {
        return formatMonetary(amount, { currencyId: this.grid.currency_id });
    }

    // --------------------------------------------------------------------------------
    // Navigation
    // --------------------------------------------------------------------------------

    async setDate(date) {
        this.state.date = date;
        await this.load();
    }

    onDateChange(value) {
        if (value) {
            this.setDate(value.toISODate());
        }
    }

    shiftDate(days) {
        return this.setDate(this.dateValue.plus({ days }).toISODate());
    }

    goToday() {
        return this.setDate(this.grid.today);
    }

    async onVenueChange(ev) {
        this.state.venueId = parseInt(ev.target.value) || false;
        await this.load();
    }

    openSpaces() {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: _t("Spaces"),
            res_model: "sports.space",
            views: [
                [false, "list"],
                [false, "form"],
            ],
            domain: [["venue_id", "=", this.grid.venue.id]],
            context: { default_venue_id: this.grid.venue.id },
        });
    }

    // --------------------------------------------------------------------------------
    // Actions on cells
    // --------------------------------------------------------------------------------

    onCellClick(cell, ev) {
        this.state.focus = { row: cell.row, col: cell.col };
        if (ev.target.closest(".o_booking_grid_extend, .o_booking_grid_handle")) {
            return;
        }
        this.activate(cell, ev.shiftKey);
    }

    activate(cell, shift = false) {
        if (this.state.busy) {
            return;
        }
        if (cell.type === "booking") {
            return this.openBooking(cell.booking.id);
        }
        if (cell.type === "blocked") {
            return this.openBooking(cell.blocks[0].booking_id);
        }
        if (cell.type === "closed") {
            this.notification.add(
                _t("%(venue)s is closed at %(time)s.", {
                    venue: this.grid.venue.name,
                    time: cell.slot.start,
                }),
                { type: "info" }
            );
            return;
        }
        if (shift) {
            return this.extendTo(cell);
        }
        if (cell.past) {
            this.notification.add(_t("This slot has already passed. Choose a later time."), {
                type: "warning",
            });
            return;
        }
        return this.createBooking(cell);
    }

    createBooking(cell) {
        const { space } = cell;
        const start = Math.floor(cell.minute / space.slot_minutes) * space.slot_minutes;
        const duration = Math.max(space.min_minutes, space.slot_minutes);
        this.dialog.add(
            FormViewDialog,
            {
                resModel: "sports.booking",
                title: _t("New booking: %(space)s, %(time)s", {
                    space: space.name,
                    time: cell.slot.start,
                }),
                context: {
                    default_space_id: space.id,
                    default_start_at: this.utcAt(start),
                    default_end_at: this.utcAt(start + duration),
                    default_channel: "backend",
                    default_kind: "booking",
                },
            },
            { onClose: () => this.load() }
        );
    }

    openBooking(bookingId) {
        this.dialog.add(
            FormViewDialog,
            { resModel: "sports.booking", resId: bookingId, title: _t("Booking") },
            { onClose: () => this.load() }
        );
    }
}

registry.category("actions").add("sports_booking.grid", BookingGrid);
