import { eq } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { type CreditLine, listCreditLines, setCreditLimits } from "../payments/index.ts";
import { getCustomer } from "./customers.repository.ts";
import { customerPaymentTerms } from "./schema.ts";

export interface PaymentTerms {
  customerId: string;
  /** May pay by purchase order, on invoice. */
  purchaseOrders: boolean;
  /** Invoices fall due this many days after the order (net 30). */
  netDays: number;
  /** Per currency; held at checkout by the payments module, given back as invoices are paid. */
  credit: CreditLine[];
}

/** An account's B2B terms; accounts never set up get purchase orders off and no credit. */
export async function getPaymentTerms(db: Db, customerId: string): Promise<Result<PaymentTerms>> {
  if (!(await getCustomer(db, customerId))) return fail("not_found", `No customer ${customerId}.`);
  const [row] = await db
    .select()
    .from(customerPaymentTerms)
    .where(eq(customerPaymentTerms.customerId, customerId));
  return ok({
    customerId,
    purchaseOrders: row?.purchaseOrders ?? false,
    netDays: row?.netDays ?? 30,
    credit: await listCreditLines(db, customerId),
  });
}

/**
 * Sets an account's B2B terms and credit limits in one transaction. Limits are per currency;
 * currencies left out keep theirs. Used credit is untouched.
 */
export async function setPaymentTerms(
  ctx: Context,
  customerId: string,
  input: { purchaseOrders: boolean; netDays: number; creditLimits: { amount: number; currency: string }[] },
): Promise<Result<PaymentTerms>> {
  const at = ctx.clock.now();
  if (!(await getCustomer(ctx.db, customerId))) return fail("not_found", `No customer ${customerId}.`);
  await ctx.db.transaction(async (tx) => {
    const values = { purchaseOrders: input.purchaseOrders, netDays: input.netDays, updatedAt: at };
    await tx
      .insert(customerPaymentTerms)
      .values({ customerId, ...values })
      .onConflictDoUpdate({ target: customerPaymentTerms.customerId, set: values });
    await setCreditLimits(tx, customerId, input.creditLimits, at);
  });
  return getPaymentTerms(ctx.db, customerId);
}

/**
 * Whether the account may pay by purchase order, and on what terms; checkout asks this inside
 * its prepare transaction, before it takes the credit.
 */
export async function findPurchaseOrderTerms(
  db: Db,
  customerId: string | null | undefined,
): Promise<{ netDays: number } | undefined> {
  if (!customerId) return undefined;
  const [row] = await db
    .select()
    .from(customerPaymentTerms)
    .where(eq(customerPaymentTerms.customerId, customerId));
  return row?.purchaseOrders ? { netDays: row.netDays } : undefined;
}
