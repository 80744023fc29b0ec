/**
 * A mainland China mobile number (+86) as E.164, or false. The server checks it again
 * with `phonenumbers` (pos.order._sports_card_holder_phone).
 */
export function normalizeCnMobile(value) {
    const compact = (value || "").replace(/[\s\-().]/g, "");
    const match = compact.match(/^(?:\+86|0086|86)?(1[3-9]\d{9})$/);
    return match ? `+86${match[1]}` : false;
}
