import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { Interaction } from "@web/public/interaction";

/**
 * Booking grid of a venue page: keeps the selection to contiguous slots of one court,
 * shows its time and total, and posts that total as the price the customer saw (the
 * server recomputes the price and refuses the booking when it differs).
 *
 * Without this script the form still works: the checked slots are posted and the
 * server checks them the same way.
 */
export class SportsBookingGrid extends Interaction {
    static selector = ".o_sports_booking_form";
    dynamicContent = {
        ".o_sb_slot": { "t-on-change.withTarget": this.onSlotChange },
        _root: { "t-on-submit": this.onSubmit },
        // Coming back to the page from the browser history: the selection may have changed.
        _window: { "t-on-pageshow": () => this.refresh() },
    };

    setup() {
        const data = this.el.dataset;
        this.digits = parseInt(data.currencyDigits || "2", 10);
        this.symbol = data.currencySymbol || "";
        this.symbolBefore = data.currencyPosition === "before";
        this.summaryEl = this.el.querySelector(".o_sb_summary");
        this.totalEl = this.el.querySelector(".o_sb_total");
        this.submitEl = this.el.querySelector(".o_sb_submit");
        this.expectedEl = this.el.querySelector("input[name='expected_amount']");
        this.defaultSummary = this.summaryEl.textContent.trim();
    }

    start() {
        this.refresh();
    }

    get selected() {
        return [...this.el.querySelectorAll(".o_sb_slot:checked")].sort(
            (a, b) => parseInt(a.dataset.index, 10) - parseInt(b.dataset.index, 10)
        );
    }

    onSlotChange(ev, input) {
        const index = parseInt(input.dataset.index, 10);
        const others = this.selected.filter((el) => el !== input);
        let notice = "";
        if (input.checked && others.length) {
            const indexes = others.map((el) => parseInt(el.dataset.index, 10));
            const sameCourt = others.every((el) => el.dataset.spaceId === input.dataset.spaceId);
            const adjacent =
                index === Math.min(...indexes) - 1 || index === Math.max(...indexes) + 1;
            if (!sameCourt || !adjacent) {
                others.forEach((el) => (el.checked = false));
                notice = sameCourt
                    ? _t("A booking covers slots that follow each other: new selection started.")
                    : _t("A booking is on one court: new selection started.");
            }
        } else if (!input.checked) {
            // Unchecking inside the selection keeps the part before it, so it stays contiguous.
            others
                .filter((el) => parseInt(el.dataset.index, 10) > index)
                .forEach((el) => (el.checked = false));
        }
        this.refresh(notice);
    }

    refresh(notice = "") {
        const selected = this.selected;
        if (!selected.length) {
            this.summaryEl.textContent = notice || this.defaultSummary;
            this.totalEl.textContent = "";
            this.expectedEl.value = "";
            this.submitEl.disabled = true;
            return;
        }
        // Same order and rounding as the server: sum the slot prices, then round once.
        const factor = 10 ** this.digits;
        const total = selected.reduce((sum, el) => sum + parseFloat(el.dataset.amount), 0);
        const rounded = Math.round(total * factor) / factor;
        const first = selected[0].dataset.label.split("-")[0];
        const last = selected[selected.length - 1].dataset.label.split("-")[1];
        const court = this.el.querySelector(
            `th[data-space-id='${selected[0].dataset.spaceId}']`
        )?.textContent;
        const summary = _t("%(court)s, %(from)s-%(to)s", { court, from: first, to: last });
        this.summaryEl.textContent = notice ? `${summary}. ${notice}` : summary;
        const amount = rounded.toFixed(this.digits);
        this.totalEl.textContent = this.symbolBefore
            ? `${this.symbol} ${amount}`
            : `${amount} ${this.symbol}`;
        this.expectedEl.value = amount;
        this.submitEl.disabled = false;
    }

    onSubmit() {
        // A double click must not post the booking twice.
        this.submitEl.disabled = true;
    }
}

registry.category("public.interactions").add("sports_booking.booking_grid", SportsBookingGrid);
