import { and, eq } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { appendOrderTimeline } from "../orders/index.ts";
import { canMove } from "./domain/return-status.ts";
import type { ReturnRow } from "./returns.repository.ts";
import { type ReturnStatus, returns, returnTransitions } from "./schema.ts";

/** The 409 for a move the state machine does not allow from where the return is. */
export function invalidTransition(
  row: Pick<ReturnRow, "number" | "status">,
  to: ReturnStatus,
): Result<never> {
  return fail("return_transition_invalid", `Return ${row.number} is ${row.status}; it cannot become ${to}.`, {
    meta: { returnStatus: row.status },
  });
}

/**
 * Moves a locked return to `to` in the caller's transaction: the status (with `changes`), the
 * transition with actor and time, an order timeline entry and the `return.<to>` event. Refuses a
 * move the state machine does not allow.
 */
export async function moveReturn(
  tx: Db,
  row: ReturnRow,
  to: ReturnStatus,
  input: {
    actor: string;
    at: Date;
    changes?: Partial<typeof returns.$inferInsert>;
    data?: Record<string, unknown>;
    payload?: Record<string, unknown>;
  },
): Promise<Result<void>> {
  if (!canMove(row.status, to)) return invalidTransition(row, to);
  const moved = await tx
    .update(returns)
    .set({ ...input.changes, status: to, updatedAt: input.at })
    .where(and(eq(returns.id, row.id), eq(returns.status, row.status)))
    .returning({ id: returns.id });
  if (moved.length === 0) throw new Error(`return ${row.id} moved under its lock`);
  await tx.insert(returnTransitions).values({
    id: newId("rtt"),
    returnId: row.id,
    fromStatus: row.status,
    toStatus: to,
    actor: input.actor,
    data: input.data ?? null,
    at: input.at,
  });
  await appendOrderTimeline(
    tx,
    row.orderId,
    {
      type: `return_${to}`,
      actor: input.actor,
      data: { returnId: row.id, number: row.number, ...input.data },
    },
    input.at,
  );
  await recordEvents(tx, input.at, [
    {
      type: `return.${to}`,
      aggregateId: row.id,
      payload: {
        returnId: row.id,
        returnNumber: row.number,
        orderId: row.orderId,
        orderNumber: row.orderNumber,
        ...input.payload,
      },
    },
  ]);
  return ok(undefined);
}
