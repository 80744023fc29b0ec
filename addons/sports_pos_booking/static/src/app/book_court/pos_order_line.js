import { PosOrderline } from "@point_of_sale/app/models/pos_order_line";
import { deserializeDateTime } from "@web/core/l10n/dates";
import { patch } from "@web/core/utils/patch";

function toDateTime(value) {
    return typeof value === "string" ? deserializeDateTime(value) : value;
}

patch(PosOrderline.prototype, {
    /** Whether this line books a court (or refunds a booking). */
    get isSportsBooking() {
        return Boolean(this.sports_space_id || this.refunded_orderline_id?.sports_space_id);
    },
    /** "Court 1 · 2026-12-01 19:00-20:00" in the cashier's time zone. */
    get sportsBookingLabel() {
        const line = this.sports_space_id ? this : this.refunded_orderline_id;
        if (!line?.sports_space_id || !line.sports_start_at || !line.sports_end_at) {
            return "";
        }
        // In the venue's time, as the dialog and the booking show it.
        const space = line.sports_space_id;
        const zone = space.pos_venue_tz || "local";
        const start = toDateTime(line.sports_start_at).setZone(zone);
        const end = toDateTime(line.sports_end_at).setZone(zone);
        return `${space.display_name || space.name} · ${start.toFormat(
            "yyyy-MM-dd HH:mm"
        )}-${end.toFormat("HH:mm")}`;
    },
    canBeMergedWith(orderline) {
        if (this.isSportsBooking || orderline.isSportsBooking) {
            return false;
        }
        return super.canBeMergedWith(orderline);
    },
});
