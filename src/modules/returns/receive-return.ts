import { eq } from "drizzle-orm";
import { type FieldError, fail, ok, type Result } from "../../shared/failure.ts";
import { bookReturnedUnits } from "../inventory/index.ts";
import { placeReplacementOrder } from "./place-replacement-order.ts";
import { getReturn, lockReturn, type ReturnView } from "./returns.repository.ts";
import type { ReturnsContext } from "./returns-context.ts";
import { type Disposition, returnLines } from "./schema.ts";
import { invalidTransition, moveReturn } from "./transition.ts";

export interface ReceivedLine {
  sku: string;
  /** Units that arrived; default: all that were announced. */
  quantity?: number | undefined;
  disposition: Disposition;
}

/**
 * Records what arrived of an approved return: per line how many units and whether they go back on
 * the shelf (inventory `returned`) or are written off (`damaged`). Lines not listed arrived with no
 * units. One transaction under the return's row lock: lines, stock ledger, the replacement order
 * of exchanged units (place-replacement-order.ts), transition and `return.received`; a second
 * receipt is refused (409), so stock is booked and a replacement placed once.
 */
export async function receiveReturn(
  ctx: ReturnsContext,
  returnId: string,
  input: { lines: ReceivedLine[]; actor: string },
): Promise<Result<ReturnView>> {
  const at = ctx.clock.now();
  const done = await ctx.db.transaction(async (tx): Promise<Result<void>> => {
    const row = await lockReturn(tx, returnId);
    if (!row) return fail("not_found", `No return ${returnId}.`);
    if (row.status !== "approved") return invalidTransition(row, "received");
    const lines = await tx.select().from(returnLines).where(eq(returnLines.returnId, returnId));
    const errors: FieldError[] = [];
    input.lines.forEach((given, i) => {
      const line = lines.find((l) => l.sku === given.sku);
      if (!line)
        errors.push({
          field: `lines.${i}.sku`,
          code: "not_in_return",
          message: `the return has no ${given.sku}`,
        });
      else if ((given.quantity ?? line.quantity) > line.quantity)
        errors.push({
          field: `lines.${i}.quantity`,
          code: "too_many",
          message: `at most ${line.quantity} unit(s) of ${given.sku} were announced`,
        });
    });
    if (new Set(input.lines.map((l) => l.sku)).size !== input.lines.length)
      errors.push({ field: "lines", code: "duplicate_sku", message: "list each SKU once" });
    if (errors.length > 0)
      return fail("validation_failed", "The received lines do not match the return.", { errors });
    const booked = lines.map((line) => {
      const given = input.lines.find((g) => g.sku === line.sku);
      return {
        id: line.id,
        sku: line.sku,
        quantity: given ? (given.quantity ?? line.quantity) : 0,
        disposition: given?.disposition ?? ("write_off" as Disposition),
      };
    });
    for (const b of booked)
      await tx
        .update(returnLines)
        .set({ receivedQuantity: b.quantity, disposition: b.disposition })
        .where(eq(returnLines.id, b.id));
    await bookReturnedUnits(tx, returnId, booked, at);
    const replacement = await placeReplacementOrder(
      tx,
      row,
      new Map(booked.map((b) => [b.sku, b.quantity])),
      {
        actor: input.actor,
        at,
        orderNumberPrefix: ctx.orderNumberPrefix,
      },
    );
    const summary = booked.map((b) => ({ sku: b.sku, quantity: b.quantity, disposition: b.disposition }));
    const linked = replacement
      ? { replacementOrderId: replacement.id, replacementOrderNumber: replacement.number }
      : {};
    return moveReturn(tx, row, "received", {
      actor: input.actor,
      at,
      data: { lines: summary, ...linked },
      payload: { lines: summary, ...linked },
    });
  });
  if (!done.ok) return done;
  return ok((await getReturn(ctx.db, returnId))!);
}
