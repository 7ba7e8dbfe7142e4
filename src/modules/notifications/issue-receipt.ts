import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../shared/db/database.ts";

export interface Receipt {
  orderId: string;
  invoiceNumber: string;
  issuedAt: Date;
}

/**
 * The order's receipt, issued on first call with the next invoice number and returned unchanged
 * ever after. Concurrent first calls meet on the primary key: one number wins and the loser's
 * nextval is a gap, never a second number for the order.
 */
export async function issueReceipt(db: Db, orderId: string, at: Date, prefix = "INV-"): Promise<Receipt> {
  // Read first: an insert would draw (and waste) a number on every later call.
  const existing = await findReceipt(db, orderId);
  if (existing) return existing;
  const [issued] = await queryRows<ReceiptRow>(
    db,
    sql`insert into receipts (order_id, invoice_number, issued_at)
        values (${orderId}, ${prefix} || lpad(nextval('invoice_number_seq')::text, 6, '0'),
                ${at.toISOString()}::timestamptz)
        on conflict (order_id) do nothing
        returning ${receiptColumns}`,
  );
  return issued ? toReceipt(issued) : (await findReceipt(db, orderId))!;
}

type ReceiptRow = { orderId: string; invoiceNumber: string; issuedAt: Date | string };
const receiptColumns = sql.raw(
  `order_id as "orderId", invoice_number as "invoiceNumber", issued_at as "issuedAt"`,
);
const toReceipt = (row: ReceiptRow): Receipt => ({ ...row, issuedAt: new Date(row.issuedAt) });

async function findReceipt(db: Db, orderId: string): Promise<Receipt | undefined> {
  const [row] = await queryRows<ReceiptRow>(
    db,
    sql`select ${receiptColumns} from receipts where order_id = ${orderId}`,
  );
  return row && toReceipt(row);
}
