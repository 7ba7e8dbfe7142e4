import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { Context } from "../../shared/context.ts";
import { findSession, sessionCookie, sessionTokenPrefix } from "../customers/index.ts";
import { findOrderByNumber, findOrderForShopper, getOrder, type OrderView } from "../orders/index.ts";
import { guestLookupKeys, recordLookupMiss, secondsUntilLookupAllowed } from "./guest-lookup-throttle.ts";

/** The order, none (any miss, a 404), or a guest look-up refused for a while (a 429). */
export type ShopperOrder =
  | { order: OrderView; retryAfterSeconds?: undefined }
  | { order?: undefined; retryAfterSeconds?: number };

/**
 * The order a shopper may act on, from one of three keys: the order's access token (`x-order-token`,
 * `orderRef` is the order id), a customer session of the order's account (`orderRef` is the order
 * id), or the order number with the order's email (`x-order-email`, `orderRef` is the number).
 * Any miss is no order, so whether an order exists cannot be probed. Number + email misses are
 * counted per client IP and per order number; past the limit the look-up is refused before the
 * order is read (`retryAfterSeconds`), so the sequential numbers cannot be walked.
 */
export async function findShopperOrder(
  ctx: Context,
  req: FastifyRequest,
  orderRef: string,
): Promise<ShopperOrder> {
  const header = (name: string) => {
    const v = req.headers[name];
    return typeof v === "string" && v.length > 0 ? v : undefined;
  };
  const token = header("x-order-token");
  if (token) return found(await findOrderForShopper(ctx.db, orderRef, token));
  const session = sessionToken(req);
  if (session) {
    const signedIn = await findSession(ctx.db, session, ctx.clock.now());
    const order = signedIn ? await getOrder(ctx.db, orderRef) : undefined;
    return found(order?.customerId && order.customerId === signedIn?.customerId ? order : undefined);
  }
  const email = header("x-order-email");
  if (email) {
    const at = ctx.clock.now();
    const keys = guestLookupKeys(orderRef, req.ip);
    const wait = await secondsUntilLookupAllowed(ctx.db, keys, at);
    if (wait > 0) return { retryAfterSeconds: wait };
    const order = await findOrderByNumber(ctx.db, orderRef);
    if (order && sameEmail(order.email, email)) return { order };
    await recordLookupMiss(ctx.db, keys, at);
  }
  return {};
}

const found = (order: OrderView | undefined): ShopperOrder => (order ? { order } : {});

function sessionToken(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization ?? "";
  if (auth.startsWith(`Bearer ${sessionTokenPrefix}_`)) return auth.slice(7).trim();
  const cookies = (req as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies;
  return cookies?.[sessionCookie];
}

/** Case-insensitive, in constant time: the comparison does not tell how much of an email matched. */
function sameEmail(stored: string, given: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s.trim().toLowerCase()).digest();
  return timingSafeEqual(digest(stored), digest(given));
}
