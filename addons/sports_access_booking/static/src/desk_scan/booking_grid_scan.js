import { patch } from "@web/core/utils/patch";
import { BookingGrid } from "@sports_booking/grid/booking_grid";

import { DeskScan } from "./desk_scan";

// The day grid's scan field checks bookings in at the grid's venue.
BookingGrid.components = { ...BookingGrid.components, DeskScan };

patch(BookingGrid.prototype, {
    deskScanVenueId() {
        return this.grid?.venue?.id || false;
    },

    async onDeskScanned(result) {
        if (!result.booking_id) {
            return;
        }
        // Show the booking that was checked in (or named) when it is on this grid.
        this.state.scannedBookingId = result.booking_id;
        await this.load();
    },

    cellClass(cell, nowColumn) {
        const classes = super.cellClass(cell, nowColumn);
        if (cell.type === "booking" && cell.booking.id === this.state.scannedBookingId) {
            return `${classes} o_booking_grid_scanned`;
        }
        return classes;
    },
});
