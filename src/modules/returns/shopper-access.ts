import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { Context } from "../../shared/context.ts";
import { findSession, sessionCookie, sessionTokenPrefix } from "../customers/index.ts";
import { findOrderByNumber, findOrderForShopper, getOrder, type OrderView } from "../orders/index.ts";

/**
 * The order a shopper may act on, from one of three keys: the order's access token (`x-order-token`,
 * `orderRef` is the order id), a customer session of the order's account (`orderRef` is the order
 * id), or the order number with the order's email (`x-order-email`, `orderRef` is the number).
 * Any miss is undefined, so whether an order exists cannot be probed.
 */
export async function findShopperOrder(
  ctx: Context,
  req: FastifyRequest,
  orderRef: string,
): Promise<OrderView | undefined> {
  const header = (name: string) => {
    const v = req.headers[name];
    return typeof v === "string" && v.length > 0 ? v : undefined;
  };
  const token = header("x-order-token");
  if (token) return findOrderForShopper(ctx.db, orderRef, token);
  const session = sessionToken(req);
  if (session) {
    const found = await findSession(ctx.db, session, ctx.clock.now());
    const order = found ? await getOrder(ctx.db, orderRef) : undefined;
    return order?.customerId && order.customerId === found?.customerId ? order : undefined;
  }
  const email = header("x-order-email");
  if (email) {
    const order = await findOrderByNumber(ctx.db, orderRef);
    return order && sameEmail(order.email, email) ? order : undefined;
  }
  return undefined;
}

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
