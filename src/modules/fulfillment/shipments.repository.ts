import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { shipmentLines, shipments } from "./schema.ts";

export type ShipmentRow = typeof shipments.$inferSelect;

export interface ShipmentView extends Omit<ShipmentRow, "labelPdf"> {
  hasLabel: boolean;
  lines: { sku: string; quantity: number }[];
}

function toView(row: ShipmentRow, lines: (typeof shipmentLines.$inferSelect)[]): ShipmentView {
  const { labelPdf, ...rest } = row;
  return {
    ...rest,
    hasLabel: labelPdf !== null,
    lines: lines
      .filter((l) => l.shipmentId === row.id)
      .map((l) => ({ sku: l.sku, quantity: l.quantity }))
      .sort((a, b) => a.sku.localeCompare(b.sku)),
  };
}

async function withLines(db: Db, rows: ShipmentRow[]): Promise<ShipmentView[]> {
  if (rows.length === 0) return [];
  const lines = await db
    .select()
    .from(shipmentLines)
    .where(
      inArray(
        shipmentLines.shipmentId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((r) => toView(r, lines));
}

export async function getShipment(db: Db, id: string): Promise<ShipmentView | undefined> {
  const rows = await db.select().from(shipments).where(eq(shipments.id, id));
  return (await withLines(db, rows))[0];
}

/** The shipment row with its stored label (base64), or undefined. */
export async function getShipmentRow(db: Db, id: string): Promise<ShipmentRow | undefined> {
  const [row] = await db.select().from(shipments).where(eq(shipments.id, id));
  return row;
}

export async function listOrderShipments(db: Db, orderIds: string[]): Promise<ShipmentView[]> {
  if (orderIds.length === 0) return [];
  const rows = await db
    .select()
    .from(shipments)
    .where(inArray(shipments.orderId, orderIds))
    .orderBy(asc(shipments.createdAt), asc(shipments.id));
  return withLines(db, rows);
}

/** Units already in shipments, per order and SKU. */
export function shippedBySku(list: ShipmentView[], orderId: string): Map<string, number> {
  const shipped = new Map<string, number>();
  for (const s of list)
    if (s.orderId === orderId)
      for (const l of s.lines) shipped.set(l.sku, (shipped.get(l.sku) ?? 0) + l.quantity);
  return shipped;
}

/** Units ordered per SKU (a SKU may in principle sit on more than one line). */
export function orderedBySku(lines: { sku: string; quantity: number }[]): Map<string, number> {
  const ordered = new Map<string, number>();
  for (const l of lines) ordered.set(l.sku, (ordered.get(l.sku) ?? 0) + l.quantity);
  return ordered;
}
