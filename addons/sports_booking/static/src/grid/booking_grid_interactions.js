import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

/** States in which a booking can still be moved or extended (see sports.booking.write). */
export const MOVABLE_STATES = ["held", "confirmed", "checked_in"];

/**
 * What a person does with the booking grid besides looking: extend a booking (its "+"
 * button, a shift-click, or dragging its right edge) and move around with the keyboard.
 * The grid component (booking_grid.js) extends this class and provides ``grid``,
 * ``state``, ``orm``, ``notification``, ``load()`` and the time helpers.
 */
export class BookingGridInteractions extends Component {
    /** Extend ``booking`` by ``slots`` of its space's slot length. */
    extendBy(booking, slots = 1) {
        const space = this.grid.spaces.find((s) => s.id === booking.space_id);
        const end = this.minuteOf(booking.end_utc) + slots * space.slot_minutes;
        return this.extend(booking, end);
    }

    /** Shift-click on a free cell: extend the booking that ends before it to cover it. */
    extendTo(cell) {
        const before = this.grid.bookings
            .filter(
                (b) =>
                    b.space_id === cell.space.id &&
                    MOVABLE_STATES.includes(b.state) &&
                    this.minuteOf(b.end_utc) <= cell.minute
            )
            .sort((a, b) => this.minuteOf(b.end_utc) - this.minuteOf(a.end_utc))[0];
        if (!before) {
            this.notification.add(
                _t("Shift-click a free cell right after a booking of the same space to extend it."),
                { type: "warning" }
            );
            return;
        }
        return this.extend(before, this.endForCell(cell));
    }

    /** The end (in local minutes) of a booking extended to cover ``cell``, on its slot grid. */
    endForCell(cell) {
        const slot = cell.space.slot_minutes;
        return Math.ceil((cell.minute + this.step) / slot) * slot;
    }

    async extend(booking, endMinute) {
        if (endMinute <= this.minuteOf(booking.end_utc) || this.state.busy) {
            return;
        }
        const endAt = this.utcAt(endMinute);
        this.state.busy = true;
        try {
            await this.orm.write("sports.booking", [booking.id], { end_at: endAt });
            this.notification.add(
                _t("%(booking)s now ends at %(time)s.", {
                    booking: booking.name,
                    time: this.dayStart
                        .plus({ minutes: endMinute })
                        .setZone(this.grid.venue.tz)
                        .toFormat("HH:mm"),
                }),
                { type: "success" }
            );
        } catch (error) {
            this.notifyError(
                error,
                _t("%(booking)s could not be extended", { booking: booking.name })
            );
        } finally {
            this.state.busy = false;
            this.state.drag = null;
            await this.load();
        }
    }

    // --------------------------------------------------------------------------------
    // Drag to extend
    // --------------------------------------------------------------------------------

    onHandlePointerDown(cell, ev) {
        if (ev.button !== 0 || !cell.movable || this.state.busy) {
            return;
        }
        ev.preventDefault();
        ev.stopPropagation();
        const end = this.minuteOf(cell.booking.end_utc);
        this.state.drag = {
            bookingId: cell.booking.id,
            spaceId: cell.space.id,
            fromMinute: end,
            toMinute: end,
        };
    }

    onTablePointerMove(ev) {
        const drag = this.state.drag;
        if (!drag) {
            return;
        }
        const td = ev.target.closest?.("td[data-minute]");
        if (
            !td ||
            parseInt(td.dataset.spaceId) !== drag.spaceId ||
            !td.matches(".o_booking_grid_free, .o_booking_grid_closed")
        ) {
            return;
        }
        const space = this.grid.spaces.find((s) => s.id === drag.spaceId);
        const toMinute = Math.max(
            this.endForCell({ space, minute: parseInt(td.dataset.minute) }),
            drag.fromMinute
        );
        if (toMinute !== drag.toMinute) {
            drag.toMinute = toMinute;
        }
    }

    onPointerUp() {
        const drag = this.state.drag;
        if (!drag) {
            return;
        }
        const booking = this.grid.bookings.find((b) => b.id === drag.bookingId);
        if (!booking || drag.toMinute <= drag.fromMinute) {
            this.state.drag = null;
            return;
        }
        this.extend(booking, drag.toMinute);
    }

    onWindowKeydown(ev) {
        if (ev.key === "Escape" && this.state.drag) {
            this.state.drag = null;
        }
    }

    // --------------------------------------------------------------------------------
    // Keyboard
    // --------------------------------------------------------------------------------

    clampFocus() {
        const rows = this.grid.spaces.length;
        const cols = this.grid.slots.length;
        this.state.focus = {
            row: Math.min(this.state.focus.row, Math.max(rows - 1, 0)),
            col: Math.min(this.state.focus.col, Math.max(cols - 1, 0)),
        };
    }

    focusCell(row, col) {
        const rows = this.grid.spaces.length;
        const cols = this.grid.slots.length;
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            return;
        }
        this.state.focus = { row, col };
        const cells = this.tableRef.el?.querySelectorAll(`td[data-row="${row}"]`) || [];
        for (const td of cells) {
            const start = parseInt(td.dataset.col);
            if (col >= start && col < start + parseInt(td.dataset.span)) {
                td.focus();
                return;
            }
        }
    }

    onCellKeydown(cell, ev) {
        const { row, col } = this.state.focus;
        switch (ev.key) {
            case "ArrowRight":
                if (ev.shiftKey && cell.type === "booking" && cell.movable) {
                    this.extendBy(cell.booking);
                } else {
                    this.focusCell(row, cell.col + cell.span);
                }
                break;
            case "ArrowLeft":
                this.focusCell(row, cell.col - 1);
                break;
            case "ArrowDown":
                this.focusCell(row + 1, col);
                break;
            case "ArrowUp":
                this.focusCell(row - 1, col);
                break;
            case "Home":
                this.focusCell(row, 0);
                break;
            case "End":
                this.focusCell(row, this.grid.slots.length - 1);
                break;
            case "Enter":
            case " ":
                this.activate(cell, ev.shiftKey);
                break;
            case "+":
                if (cell.type === "booking" && cell.movable) {
                    this.extendBy(cell.booking);
                    break;
                }
                return;
            default:
                return;
        }
        ev.preventDefault();
        ev.stopPropagation();
    }

    onCellFocus(cell) {
        if (!this.isFocused(cell)) {
            this.state.focus = { row: cell.row, col: cell.col };
        }
    }
}
