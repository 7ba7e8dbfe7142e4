import { ApiProblem, api, type CheckoutPayment } from "../api/client.ts";
import type { Cart, Money, PlacedOrder } from "../api/types.ts";

/** Answers that mean "this same attempt is still running": ask again with the same key. */
const stillRunning = new Set(["checkout_in_progress", "payment_pending", "idempotency_key_in_use"]);
const maxWaitMs = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One checkout attempt: a fresh Idempotency-Key, reused only to poll the same attempt while the
 * server says it is still running (Retry-After), so a slow payment is never charged twice.
 */
export async function completeAttempt(
  cartId: string,
  cartToken: string,
  payment: CheckoutPayment,
  expectedTotal: Money,
): Promise<PlacedOrder> {
  const key = crypto.randomUUID();
  const started = Date.now();
  for (;;) {
    try {
      return await api.completeCheckout(cartId, cartToken, key, payment, expectedTotal);
    } catch (error) {
      const waitMs =
        error instanceof ApiProblem && stillRunning.has(error.code) ? (error.retryAfter ?? 1) * 1000 : -1;
      if (waitMs < 0 || Date.now() - started + waitMs > maxWaitMs) throw error;
      await sleep(waitMs);
    }
  }
}

export interface StockFix {
  title: string;
  available: number;
  cart: Cart;
}

/**
 * Brings a line down to what is in stock (removing it at zero) so the shopper can go on with what
 * is left. Returns what changed, for the explanation.
 */
export async function fitLineToStock(
  cart: Cart,
  cartToken: string,
  sku: string,
  available: number,
): Promise<StockFix | undefined> {
  const line = cart.lines.find((l) => l.sku === sku);
  if (!line) return undefined;
  const next =
    available > 0
      ? await api.updateLine(cart.id, cartToken, line.id, Math.min(line.quantity, available))
      : await api.removeLine(cart.id, cartToken, line.id);
  return { title: line.title, available, cart: next };
}

export function stockMessage(fixes: StockFix[]): string {
  const parts = fixes.map((f) =>
    f.available > 0
      ? `only ${f.available} of ${f.title} ${f.available === 1 ? "is" : "are"} left, so we lowered the quantity`
      : `${f.title} sold out and was removed`,
  );
  const sentence = parts.join("; ");
  return `Sorry, ${sentence}. You have not been charged. Check your new total and place your order again.`;
}

const orderKey = (number: string) => `cartwright.order.${number}`;

/**
 * Keeps the order for the confirmation page (a reload must not lose it); this tab only. The access
 * token rides along: it is the shopper's own key and sessionStorage ends with the tab.
 */
export function rememberOrder(order: PlacedOrder): void {
  try {
    sessionStorage.setItem(orderKey(order.number), JSON.stringify(order));
  } catch {
    // The confirmation page falls back to a short message when storage is unavailable.
  }
}

export function recallOrder(number: string): PlacedOrder | null {
  try {
    const raw = sessionStorage.getItem(orderKey(number));
    return raw ? (JSON.parse(raw) as PlacedOrder) : null;
  } catch {
    return null;
  }
}
