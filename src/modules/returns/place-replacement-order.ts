import { eq } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { commitReservations, releaseReservations, reserveStock } from "../inventory/index.ts";
import { appendOrderTimeline, getOrder, placeOrder } from "../orders/index.ts";
import { exchangeReference, listExchangeLines } from "./hold-exchange-stock.ts";
import type { ReturnRow } from "./returns.repository.ts";
import { returns } from "./schema.ts";

/**
 * Places the replacement order of a received exchange, in the receipt's transaction under the
 * return's lock: one unit for every unit that arrived, at no charge (zero lines, shipping and tax;
 * payment `captured` by the `exchange` provider, so nothing is ever charged or captured). Its cart
 * and attempt id are the exchange reference, so the held stock is what fulfilment picks and the
 * unique cart id allows one order per return. Held units for what did not arrive go back. Links
 * both ways: the return keeps the order, each order's timeline names the other. Writes
 * `order.placed` like any order, so emails and fulfilment pick it up. Returns nothing to do when
 * the return has no exchanged units.
 */
export async function placeReplacementOrder(
  tx: Db,
  row: ReturnRow,
  received: ReadonlyMap<string, number>,
  input: { actor: string; at: Date; orderNumberPrefix: string },
): Promise<{ id: string; number: string } | undefined> {
  const reference = exchangeReference(row.id);
  const lines = (await listExchangeLines(tx, row.id))
    .map((l) => ({ ...l, units: received.get(l.sku) ?? 0 }))
    .filter((l) => l.units > 0);
  const original = await getOrder(tx, row.orderId);
  if (!original) throw new Error(`order ${row.orderId} of return ${row.id} not found`);
  if (lines.some((l) => l.units !== l.quantity)) {
    // Fewer units arrived than were announced: hold again for exactly what is replaced. The
    // units were free a moment ago under the same locks, so this cannot fall short.
    await releaseReservations(tx, reference, input.at);
    if (lines.length > 0) {
      const held = await reserveStock(
        tx,
        reference,
        lines.map((l) => ({ sku: l.exchangeSku, quantity: l.units })),
        input.at,
        { destinationCountry: original.shippingAddress.country },
      );
      if (!held.ok) throw new Error(`re-holding exchange stock of return ${row.id}: ${held.failure.detail}`);
    }
  }
  if (lines.length === 0) return undefined;
  await commitReservations(tx, reference, input.at);
  const order = await placeOrder(
    tx,
    {
      cartId: reference,
      attemptId: reference,
      customerId: original.customerId,
      email: original.email,
      currency: original.currency,
      shippingAddress: original.shippingAddress,
      billingAddress: original.billingAddress,
      shipping: { ...original.shipping, amount: 0, tax: 0, estimate: null },
      lines: lines.map((l) => ({
        variantId: l.exchangeVariantId,
        sku: l.exchangeSku,
        title: l.exchangeTitle ?? l.exchangeSku,
        quantity: l.units,
        unitPrice: 0,
        subtotal: 0,
      })),
      ...(original.tax ? { tax: { ...original.tax, breakdown: [] } } : {}),
      totals: { subtotal: 0, discountTotal: 0, shippingTotal: 0, taxTotal: 0, total: 0 },
      payment: { provider: "exchange", status: "captured", brand: null, last4: null },
    },
    input.at,
    input.orderNumberPrefix,
  );
  const link = { returnId: row.id, returnNumber: row.number };
  await appendOrderTimeline(
    tx,
    order.id,
    {
      type: "exchange_replacement",
      actor: input.actor,
      data: { ...link, originalOrderId: original.id, originalOrderNumber: original.number },
    },
    input.at,
  );
  await appendOrderTimeline(
    tx,
    original.id,
    {
      type: "exchange_order_placed",
      actor: input.actor,
      data: { ...link, replacementOrderId: order.id, replacementOrderNumber: order.number },
    },
    input.at,
  );
  await tx
    .update(returns)
    .set({ replacementOrderId: order.id, replacementOrderNumber: order.number })
    .where(eq(returns.id, row.id));
  return { id: order.id, number: order.number };
}
