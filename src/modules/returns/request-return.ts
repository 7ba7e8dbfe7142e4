import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../shared/db/database.ts";
import { type FieldError, fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { appendOrderTimeline, lockOrderForFulfillment } from "../orders/index.ts";
import { chooseExchanges } from "./choose-exchange.ts";
import { getReturnableUnits } from "./returnable-units.ts";
import { getReturn, type ReturnView } from "./returns.repository.ts";
import type { ReturnsContext } from "./returns-context.ts";
import { type ReturnReason, returnLines, returns, returnTransitions } from "./schema.ts";

export interface ReturnRequest {
  lines: {
    sku: string;
    quantity: number;
    /** Send this variant of the same product (same price) instead of refunding the line. */
    exchange?: { sku: string; ifOutOfStock?: "refuse" | "refund" | undefined } | undefined;
  }[];
  reason: ReturnReason;
  note?: string | undefined;
}

/**
 * Opens a return for shipped units of an order. Under the order's row lock (the one shipments
 * and cancellations take), it counts what shipped and what open or finished returns already hold,
 * so parallel requests can never return a unit twice. Writes the return, its lines, the first
 * transition, an order timeline entry and `return.requested` in one transaction.
 */
export async function requestReturn(
  ctx: ReturnsContext,
  orderId: string,
  input: ReturnRequest,
  actor: string,
): Promise<Result<ReturnView>> {
  const wanted = new Map<string, number>();
  for (const l of input.lines) wanted.set(l.sku, (wanted.get(l.sku) ?? 0) + l.quantity);
  const at = ctx.clock.now();
  const created = await ctx.db.transaction(async (tx): Promise<Result<string>> => {
    const order = await lockOrderForFulfillment(tx, orderId);
    if (!order) return fail("not_found", `No order ${orderId}.`);
    if (order.status !== "placed")
      return fail(
        "order_not_returnable",
        `Order ${order.number} is ${order.status}; nothing can be returned.`,
      );
    const returnableNow = await getReturnableUnits(tx, order);
    const errors: FieldError[] = [];
    const returnable: Record<string, number> = {};
    for (const [sku, quantity] of wanted) {
      const line = order.lines.find((l) => l.sku === sku);
      if (!line) {
        errors.push({ field: "lines", code: "sku_not_in_order", message: `the order has no ${sku}` });
        continue;
      }
      const left = returnableNow.find((r) => r.sku === sku)?.quantity ?? 0;
      returnable[sku] = left;
      if (quantity > left)
        errors.push({
          field: "lines",
          code: "exceeds_returnable",
          message: `${sku}: ${left} unit(s) can be returned`,
        });
    }
    if (errors.some((e) => e.code === "sku_not_in_order"))
      return fail("sku_not_in_order", "The order has no line with some of these SKUs.", { errors });
    if (input.lines.some((l) => l.exchange && input.lines.filter((o) => o.sku === l.sku).length > 1))
      return fail("validation_failed", "List an exchanged SKU once.", {
        errors: [{ field: "lines", code: "duplicate_sku", message: "an exchanged SKU appears twice" }],
      });
    if (errors.length > 0)
      return fail(
        "return_quantity_exceeds_returnable",
        "Only shipped units not already returned can be returned; `returnable` says how many.",
        { errors, meta: { returnable } },
      );
    const exchanges = await chooseExchanges(
      tx,
      order,
      input.lines.flatMap((l) =>
        l.exchange
          ? [
              {
                sku: l.sku,
                quantity: wanted.get(l.sku)!,
                forSku: l.exchange.sku,
                ifOutOfStock: l.exchange.ifOutOfStock ?? "refuse",
              },
            ]
          : [],
      ),
    );
    if (!exchanges.ok) return exchanges;
    const id = newId("ret");
    const [seq] = await queryRows<{ n: string }>(tx, sql`select nextval('return_number_seq')::text as n`);
    const number = `RMA-${seq!.n}`;
    await tx.insert(returns).values({
      id,
      number,
      orderId,
      orderNumber: order.number,
      email: order.email,
      currency: order.currency,
      status: "requested",
      reason: input.reason,
      note: input.note ?? null,
      createdAt: at,
      updatedAt: at,
    });
    const lines = [...wanted].map(([sku, quantity]) => {
      const line = order.lines.find((l) => l.sku === sku)!;
      const exchange = exchanges.value.get(sku);
      return {
        id: newId("rtl"),
        returnId: id,
        orderLineId: line.id,
        sku,
        title: line.title,
        quantity,
        ...(exchange && {
          exchangeVariantId: exchange.variantId,
          exchangeSku: exchange.sku,
          exchangeTitle: exchange.title,
          refundIfUnavailable: exchange.refundIfUnavailable,
        }),
      };
    });
    await tx.insert(returnLines).values(lines);
    await recordRequested(tx, { id, number, orderId, orderNumber: order.number }, lines, input, actor, at);
    return { ok: true, value: id };
  });
  if (!created.ok) return created;
  return ok((await getReturn(ctx.db, created.value))!);
}

async function recordRequested(
  tx: Db,
  r: { id: string; number: string; orderId: string; orderNumber: string },
  lines: { sku: string; title: string; quantity: number }[],
  input: ReturnRequest,
  actor: string,
  at: Date,
): Promise<void> {
  await tx.insert(returnTransitions).values({
    id: newId("rtt"),
    returnId: r.id,
    fromStatus: null,
    toStatus: "requested",
    actor,
    data: { reason: input.reason },
    at,
  });
  await appendOrderTimeline(
    tx,
    r.orderId,
    { type: "return_requested", actor, data: { returnId: r.id, number: r.number } },
    at,
  );
  await recordEvents(tx, at, [
    {
      type: "return.requested",
      aggregateId: r.id,
      payload: {
        returnId: r.id,
        returnNumber: r.number,
        orderId: r.orderId,
        orderNumber: r.orderNumber,
        reason: input.reason,
        lines: lines.map((l) => ({ sku: l.sku, title: l.title, quantity: l.quantity })),
      },
    },
  ]);
}
