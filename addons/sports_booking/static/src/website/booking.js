import { _t } from "@web/core/l10n/translation";
import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { Interaction } from "@web/public/interaction";

/**
 * Booking grid of a venue page: keeps the selection to contiguous slots of one court,
 * shows its time and total, and posts that total as the price the customer saw (the
 * server recomputes the price and refuses the booking when it differs).
 *
 * On a day not open yet it counts down to the release, then reads the day's slots as
 * JSON (``/venues/<id>/slots``) and enables the free ones without reloading the page.
 * Members book through the JSON route (``/venues/<id>/book/json``): the order to pay, or
 * the refusal in words on the grid.
 *
 * Without this script the form still works: the checked slots are posted and the
 * server checks them the same way.
 */
export class SportsBookingGrid extends Interaction {
    static selector = ".o_sports_booking_form";
    dynamicContent = {
        // On the form: slots enabled at the release are inputs added after the start.
        _root: {
            "t-on-change": (ev) =>
                ev.target.matches(".o_sb_slot") && this.onSlotChange(ev, ev.target),
            "t-on-submit": this.onSubmit,
        },
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
        this.venueId = data.venueId;
        this.date = this.el.querySelector("input[name='date']")?.value;
        this.opensEl = document.querySelector(".o_sb_opens_at[data-opens-in]");
    }

    start() {
        this.refresh();
        const opensIn = parseInt(this.opensEl?.dataset.opensIn || "0", 10);
        if (opensIn > 0) {
            this.releaseAt = Date.now() + opensIn * 1000;
            this.countDown();
        }
    }

    countDown() {
        const left = Math.ceil((this.releaseAt - Date.now()) / 1000);
        if (left <= 0) {
            this.opensEl.textContent = _t("Bookings are open: choose your slots.");
            this.loadSlots();
            return;
        }
        const time = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
        this.opensEl.textContent = _t("Bookings for this day open in %(time)s.", { time });
        this.waitForTimeout(() => this.countDown(), Math.min(1000, left * 1000));
    }

    /** Reads the day's slots and enables the free ones, disables those taken since. */
    async loadSlots() {
        const url = `/venues/${this.venueId}/slots?date=${encodeURIComponent(this.date)}`;
        const response = await this.waitFor(fetch(url, { headers: { Accept: "application/json" } }));
        if (!response.ok) {
            return; // the page and its form still work: reloading shows the slots
        }
        const result = await this.waitFor(response.json());
        if (result.opens_in > 0) {
            // The clocks differ: ask again when the server says the day opens.
            this.waitForTimeout(() => this.loadSlots(), result.opens_in * 1000);
            return;
        }
        for (const slot of result.slots || []) {
            const key = slot.value.split("|").slice(0, 2).join("|");
            const input = this.el.querySelector(`.o_sb_slot[value^='${key}|']`);
            if (input) {
                input.disabled = !slot.free;
                input.checked &&= slot.free;
            } else if (slot.free) {
                this.enableCell(this.el.querySelector(`td[data-key='${key}']`), slot);
            }
        }
        this.refresh();
    }

    enableCell(td, slot) {
        if (!td) {
            return;
        }
        const d = td.dataset;
        const id = `o_sb_slot_${d.spaceId}_${d.index}`;
        const input = Object.assign(document.createElement("input"), {
            type: "checkbox",
            name: "slot",
            autocomplete: "off",
            className: "btn-check o_sb_slot",
            id,
            value: slot.value,
        });
        Object.assign(input.dataset, {
            spaceId: d.spaceId,
            index: d.index,
            amount: slot.value.split("|")[2],
            label: d.label,
        });
        const label = Object.assign(document.createElement("label"), {
            htmlFor: id,
            className: "btn btn-outline-primary btn-sm w-100 text-nowrap o_sb_slot_label",
        });
        Object.assign(label.dataset, { spaceCode: d.spaceCode, time: d.time });
        const hidden = Object.assign(document.createElement("span"), {
            className: "visually-hidden",
            textContent: d.label,
        });
        const price = Object.assign(document.createElement("span"), {
            className: "o_sb_price",
            textContent: slot.price,
        });
        label.append(hidden, price);
        td.className = "p-1 o_sb_cell_free";
        td.replaceChildren(input, label);
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
        this.summaryEl.classList.remove("text-danger", "o_sb_json_error");
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

    async onSubmit(ev) {
        // A double click must not post the booking twice.
        this.submitEl.disabled = true;
        if (this.el.dataset.public) {
            return; // the form asks the visitor to log in first
        }
        ev.preventDefault();
        let result;
        try {
            result = await this.waitFor(
                rpc(`/venues/${this.venueId}/book/json`, {
                    slots: this.selected.map((el) => el.value),
                    expected_amount: this.expectedEl.value,
                })
            );
        } catch {
            this.el.submit(); // the form says what went wrong (e.g. log in again)
            return;
        }
        if (result.redirect) {
            window.location.assign(result.redirect);
            return;
        }
        // The grid again as it is now (the slot was probably taken), then the refusal.
        await this.loadSlots();
        this.summaryEl.textContent = result.error;
        this.summaryEl.classList.add("text-danger", "o_sb_json_error");
    }
}

registry.category("public.interactions").add("sports_booking.booking_grid", SportsBookingGrid);
