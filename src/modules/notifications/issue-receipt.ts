import { type SQL, sql } from "drizzle-orm";
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
  // One statement: the existing receipt, or a new one.
  const [row] = await queryRows<ReceiptRow>(
    db,
    sql`with existing as (select ${receiptColumns} from receipts where order_id = ${orderId}),
        issued as (${issueReceiptStatement(orderId, at, sql`not exists (select 1 from existing)`, prefix, receiptColumns)})
        select * from existing union all select * from issued`,
  );
  // Empty only when a concurrent first call won the insert after this statement's snapshot.
  return row ? toReceipt(row) : (await findReceipt(db, orderId))!;
}

/**
 * The insert of issueReceipt, to run inside a larger statement: issues the order's receipt when
 * `onlyIf` holds and the order has none yet. Its select yields no row then, so nextval is not
 * drawn and no number is wasted. Returns `returning` (default: the order id) of a new receipt.
 */
export function issueReceiptStatement(
  orderId: string,
  at: Date,
  onlyIf: SQL,
  prefix = "INV-",
  returning: SQL = sql`order_id`,
): SQL {
  return sql`insert into receipts (order_id, invoice_number, issued_at)
             select ${orderId}::text, ${prefix} || lpad(nextval('invoice_number_seq')::text, 6, '0'),
                    ${at.toISOString()}::timestamptz
             where ${onlyIf} and not exists (select 1 from receipts where order_id = ${orderId})
             on conflict (order_id) do nothing
             returning ${returning}`;
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
