import { _t } from "@web/core/l10n/translation";
import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { Interaction } from "@web/public/interaction";

/**
 * The Claim button of My vouchers: claims through the small JSON route, so that at a
 * batch release the member hears "sold out" (or why not) at once, in place, without
 * the whole page coming back. On success the page reloads with the new voucher
 * announced. Without this script the form posts and the page answers the same way.
 */
export class SportsVoucherClaim extends Interaction {
    static selector = ".o_voucher_claim_form";
    dynamicContent = {
        _root: { "t-on-submit.prevent": this.onSubmit },
    };

    setup() {
        this.button = this.el.querySelector(".o_voucher_claim");
        this.errorEl = this.el.querySelector(".o_voucher_claim_error");
    }

    async onSubmit() {
        if (this.button.disabled) {
            return;
        }
        this.button.disabled = true;
        this.errorEl.classList.add("d-none");
        let result;
        try {
            result = await this.waitFor(
                rpc(`/my/vouchers/claim/${this.el.dataset.batchId}/json`, {})
            );
        } catch {
            result = { error: _t("The claim could not be sent. Check your connection and try again.") };
        }
        if (result.redirect) {
            window.location.assign(result.redirect);
            return;
        }
        this.errorEl.textContent = result.error;
        this.errorEl.classList.remove("d-none");
        this.button.disabled = false;
    }
}

registry.category("public.interactions").add("sports_voucher.claim", SportsVoucherClaim);
