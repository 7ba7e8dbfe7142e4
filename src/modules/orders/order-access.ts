import { createHash, timingSafeEqual } from "node:crypto";
import type { Db } from "../../shared/db/database.ts";
import { newSecret } from "../../shared/ids.ts";
import { getOrder, type OrderView } from "./orders.repository.ts";

/**
 * The shopper's key to one order (status page, receipt): 32 random bytes, handed out once at
 * placement. Only its hash is kept on the order, so a leaked orders table opens no order.
 */
export function newOrderAccessToken(): { token: string; hash: string } {
  const token = newSecret("ot");
  return { token, hash: hashOrderAccessToken(token) };
}

export const hashOrderAccessToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * The order, if `token` opens it. A wrong token and an unknown order look the same to the caller
 * (both undefined), so ids cannot be probed.
 */
export async function findOrderForShopper(
  db: Db,
  orderId: string,
  token: string | undefined,
): Promise<OrderView | undefined> {
  if (!token) return undefined;
  const order = await getOrder(db, orderId);
  if (!order?.accessTokenHash) return undefined;
  const given = Buffer.from(hashOrderAccessToken(token), "hex");
  const stored = Buffer.from(order.accessTokenHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored) ? order : undefined;
}

/**
 * The order, if it belongs to the signed-in customer `customerId` (placed signed in or claimed).
 * Someone else's order and an unknown one look the same (undefined), as with tokens.
 */
export async function findOrderForCustomer(
  db: Db,
  orderId: string,
  customerId: string,
): Promise<OrderView | undefined> {
  const order = await getOrder(db, orderId);
  return order?.customerId === customerId ? order : undefined;
}
