import { and, asc, desc, eq, inArray, lt, type SQL } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { type ReturnStatus, returnLines, returnRefunds, returns, returnTransitions } from "./schema.ts";

export type ReturnRow = typeof returns.$inferSelect;
export type ReturnLineRow = typeof returnLines.$inferSelect;
export type ReturnRefundRow = typeof returnRefunds.$inferSelect;

export interface ReturnView extends Omit<ReturnRow, "labelPdf"> {
  hasLabel: boolean;
  lines: ReturnLineRow[];
  transitions: (typeof returnTransitions.$inferSelect)[];
  refunds: ReturnRefundRow[];
}

async function withDetails(db: Db, rows: ReturnRow[]): Promise<ReturnView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [lines, transitions, refunds] = await Promise.all([
    db.select().from(returnLines).where(inArray(returnLines.returnId, ids)).orderBy(asc(returnLines.id)),
    db
      .select()
      .from(returnTransitions)
      .where(inArray(returnTransitions.returnId, ids))
      .orderBy(asc(returnTransitions.at), asc(returnTransitions.id)),
    db
      .select()
      .from(returnRefunds)
      .where(inArray(returnRefunds.returnId, ids))
      .orderBy(asc(returnRefunds.createdAt)),
  ]);
  return rows.map(({ labelPdf, ...r }) => ({
    ...r,
    hasLabel: labelPdf !== null,
    lines: lines.filter((l) => l.returnId === r.id),
    transitions: transitions.filter((t) => t.returnId === r.id),
    refunds: refunds.filter((f) => f.returnId === r.id),
  }));
}

export async function getReturn(db: Db, id: string): Promise<ReturnView | undefined> {
  const rows = await db.select().from(returns).where(eq(returns.id, id));
  return (await withDetails(db, rows))[0];
}

/** The return row, locked `for update` in the caller's transaction: every transition takes it. */
export async function lockReturn(tx: Db, id: string): Promise<ReturnRow | undefined> {
  const [row] = await tx.select().from(returns).where(eq(returns.id, id)).for("update");
  return row;
}

/** Newest first, keyset-paginated by creation time. */
export async function listReturns(
  db: Db,
  filter: {
    limit: number;
    status?: ReturnStatus | undefined;
    orderId?: string | undefined;
    before?: Date | undefined;
  },
): Promise<ReturnView[]> {
  const where: SQL[] = [];
  if (filter.status) where.push(eq(returns.status, filter.status));
  if (filter.orderId) where.push(eq(returns.orderId, filter.orderId));
  if (filter.before) where.push(lt(returns.createdAt, filter.before));
  const rows = await db
    .select()
    .from(returns)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(returns.createdAt), desc(returns.id))
    .limit(filter.limit);
  return withDetails(db, rows);
}

/** The stored return label, or undefined when there is no such return or no label yet. */
export async function findReturnLabel(
  db: Db,
  id: string,
): Promise<{ pdf: Buffer; trackingNumber: string } | undefined> {
  const [row] = await db
    .select({ labelPdf: returns.labelPdf, trackingNumber: returns.trackingNumber })
    .from(returns)
    .where(eq(returns.id, id));
  if (!row?.labelPdf || !row.trackingNumber) return undefined;
  return { pdf: Buffer.from(row.labelPdf, "base64"), trackingNumber: row.trackingNumber };
}

/** The order's refunds of returns that are not failed, newest last. */
export async function listOrderRefunds(db: Db, orderId: string): Promise<ReturnRefundRow[]> {
  return db
    .select()
    .from(returnRefunds)
    .where(eq(returnRefunds.orderId, orderId))
    .orderBy(desc(returnRefunds.createdAt))
    .then((rows) => rows.filter((r) => r.status !== "failed"));
}

/** Return lines of the order's returns in the given statuses. */
export async function listOrderReturnLines(
  db: Db,
  orderId: string,
  statuses: readonly ReturnStatus[],
): Promise<(ReturnLineRow & { status: ReturnStatus })[]> {
  const rows = await db
    .select({ line: returnLines, status: returns.status })
    .from(returnLines)
    .innerJoin(returns, eq(returns.id, returnLines.returnId))
    .where(and(eq(returns.orderId, orderId), inArray(returns.status, [...statuses])));
  return rows.map((r) => ({ ...r.line, status: r.status }));
}
