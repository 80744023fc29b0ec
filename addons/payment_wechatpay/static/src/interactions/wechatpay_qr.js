import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

const POLL_DELAY = 2000;

/**
 * The Native QR code page: follow the transaction until the payment comes in (the
 * notification from WeChat Pay), then show the payment status page.
 */
export class WeChatPayQr extends Interaction {
    static selector = ".o_wechatpay_qr";

    start() {
        this.poll();
    }

    async poll() {
        let result;
        try {
            result = await this.waitFor(
                rpc("/payment/wechatpay/poll", {
                    reference: this.el.dataset.reference,
                    access_token: this.el.dataset.accessToken,
                })
            );
        } catch {
            result = { open: true }; // A network hiccup: try again.
        }
        if (result.open) {
            this.waitForTimeout(() => this.poll(), POLL_DELAY);
        } else {
            window.location.assign("/payment/status");
        }
    }
}

/**
 * The JSAPI page inside WeChat: WeixinJSBridge opens WeChat's payment sheet; whatever the
 * outcome, the return route queries WeChat Pay and shows the payment status.
 */
export class WeChatPayJsapi extends Interaction {
    static selector = ".o_wechatpay_jsapi";

    start() {
        const bridge = window.WeixinJSBridge;
        if (!bridge) {
            this.el.querySelector(".o_wechatpay_jsapi_missing").classList.remove("d-none");
            return;
        }
        const params = JSON.parse(this.el.dataset.params);
        bridge.invoke("getBrandWCPayRequest", params, () => {
            window.location.assign(this.el.dataset.returnUrl);
        });
    }
}

registry.category("public.interactions").add("payment_wechatpay.qr", WeChatPayQr);
registry.category("public.interactions").add("payment_wechatpay.jsapi", WeChatPayJsapi);
