/**
 * PayPal's JS SDK in the storefront: loaded from www.paypal.com only when the store offers PayPal
 * (its client id comes from /store/payment-methods), never bundled. Like stripe-payment.ts, this
 * file is the network boundary: past `window.paypal` is PayPal's code.
 */

/** The PayPal button's callbacks (a subset of PayPal's documented Buttons options). */
export interface PayPalButtonOptions {
  /** Creates the PayPal order (on our server) and returns its id. */
  createOrder(): Promise<string>;
  /** The buyer approved the order in PayPal's window. */
  onApprove(data: { orderID: string }): Promise<void>;
  onCancel?(): void;
  onError?(error: unknown): void;
  style?: Record<string, string>;
}

interface PayPalNamespace {
  Buttons(options: PayPalButtonOptions): { render(el: HTMLElement): Promise<void>; close?(): Promise<void> };
}

const loads = new Map<string, Promise<PayPalNamespace>>();

/**
 * Loads the SDK once per client id and currency (the SDK is bound to one currency), with
 * intent=authorize to match the server's Orders v2 AUTHORIZE flow.
 */
export function loadPayPal(clientId: string, currency: string): Promise<PayPalNamespace> {
  const query = new URLSearchParams({
    "client-id": clientId,
    currency,
    intent: "authorize",
    components: "buttons",
  });
  const src = `https://www.paypal.com/sdk/js?${query}`;
  let loading = loads.get(src);
  if (!loading) {
    loading = new Promise<PayPalNamespace>((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = () => {
        const paypal = (window as unknown as { paypal?: PayPalNamespace }).paypal;
        if (paypal) resolve(paypal);
        else reject(new Error("PayPal did not load"));
      };
      script.onerror = () => {
        loads.delete(src); // a later attempt may succeed
        reject(new Error("PayPal could not be loaded"));
      };
      document.head.append(script);
    });
    loads.set(src, loading);
  }
  return loading;
}
