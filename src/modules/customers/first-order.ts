import type { Db } from "../../shared/db/database.ts";
import { listOrdersForCustomer } from "../orders/index.ts";

/**
 * Whether an account has placed no order yet (claimed guest orders count), for first-order
 * promotions. One indexed query per cart read of a signed-in shopper.
 */
export async function isFirstOrder(db: Db, customerId: string): Promise<boolean> {
  const orders = await listOrdersForCustomer(db, customerId, { limit: 1 });
  return orders.length === 0;
}
