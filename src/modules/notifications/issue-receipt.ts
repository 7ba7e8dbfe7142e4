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
  // One statement: the existing receipt, or a new one. The insert's select yields no row (so
  // nextval is not drawn, no number wasted) when the order has one already.
  const [row] = await queryRows<ReceiptRow>(
    db,
    sql`with existing as (select ${receiptColumns} from receipts where order_id = ${orderId}),
        issued as (
          insert into receipts (order_id, invoice_number, issued_at)
          select ${orderId}, ${prefix} || lpad(nextval('invoice_number_seq')::text, 6, '0'),
                 ${at.toISOString()}::timestamptz
          where not exists (select 1 from existing)
          on conflict (order_id) do nothing
          returning ${receiptColumns})
        select * from existing union all select * from issued`,
  );
  // Empty only when a concurrent first call won the insert after this statement's snapshot.
  return row ? toReceipt(row) : (await findReceipt(db, orderId))!;
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
