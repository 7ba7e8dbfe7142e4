import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { type FieldError, fail, ok, type Result } from "../../shared/failure.ts";
import { fromDecimalString, isSupportedCurrency } from "../../shared/money/index.ts";
import { findCreditorReferences } from "./domain/creditor-reference.ts";
import { offlineProviders } from "./record-receipt.ts";
import { offlinePaymentReferences, payments } from "./schema.ts";

/** One incoming (or outgoing) booking of a bank statement, as read. */
export interface StatementLine {
  /** 1-based line number in the file, header included: what the merchant sees in a spreadsheet. */
  line: number;
  /** Identifies the booking across imports, so a statement imported twice applies once. */
  key: string;
  bookedOn: string;
  amount: number;
  currency: string;
  remittance: string;
}

export type LineMatch =
  | { kind: "reference"; reference: string; paymentId: string; orderId: string | null }
  | { kind: "ambiguous"; reason: string; orderIds: string[] }
  | { kind: "unmatched"; reason: string };

const maxLines = 10_000;
const columns = {
  date: ["date", "booking date", "booked on", "value date"],
  amount: ["amount"],
  currency: ["currency"],
  remittance: ["reference", "remittance", "remittance information", "description", "purpose"],
  id: ["id", "transaction id", "bank reference"],
} as const;

/**
 * Reads a bank statement CSV: a header row naming at least `date`, `amount` (decimal, e.g.
 * 1234.50; negative for money going out), `currency` and a `reference` or `description` column
 * with the remittance text; `id` (the bank's transaction id) when the bank gives one. Every row
 * is checked before anything is applied: one bad row refuses the file with its line and field.
 */
export function parseBankStatement(csv: string): Result<StatementLine[]> {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(csv, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
      relax_column_count: false,
    });
  } catch (err) {
    return fail("invalid_bank_statement", `The file is not valid CSV: ${(err as Error).message}`);
  }
  if (rows.length > maxLines) return fail("invalid_bank_statement", `At most ${maxLines} lines per import.`);
  const header = Object.keys(rows[0]?.record ?? {});
  const pick = (names: readonly string[]) => header.filter((h) => names.includes(h));
  const missing = (["date", "amount", "currency", "remittance"] as const).filter(
    (c) => pick(columns[c]).length === 0,
  );
  if (rows.length === 0 || missing.length > 0) {
    return fail(
      "invalid_bank_statement",
      "The header must name date, amount, currency and reference columns.",
      {
        errors: missing.map((c) => ({ field: c, code: "missing_column", message: `no ${c} column` })),
      },
    );
  }
  const errors: FieldError[] = [];
  const lines: StatementLine[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of rows) {
    const at = (field: string, message: string) =>
      errors.push({ field: `line ${info.lines}.${field}`, code: "invalid", message });
    const bookedOn = record[pick(columns.date)[0]!] ?? "";
    const currency = (record[pick(columns.currency)[0]!] ?? "").toUpperCase();
    const rawAmount = (record[pick(columns.amount)[0]!] ?? "").replace(/^\+/, "");
    const remittance = pick(columns.remittance)
      .map((c) => record[c] ?? "")
      .join(" ")
      .trim();
    const bankId = pick(columns.id)
      .map((c) => record[c])
      .find(Boolean);
    if (!isIsoDate(bookedOn)) at("date", "must be a date like 2026-03-31");
    if (!isSupportedCurrency(currency)) {
      at("currency", "must be an ISO 4217 code");
      continue;
    }
    let amount: number;
    try {
      amount = fromDecimalString(rawAmount, currency).amount;
    } catch {
      at("amount", `must be a decimal amount in ${currency}, e.g. 12.50`);
      continue;
    }
    // Without a bank id, a booking is its content; identical bookings in one file count apart.
    const content = [bookedOn, amount, currency, remittance.replace(/\s+/g, " ").toUpperCase()].join("|");
    const occurrence = (seen.get(content) ?? 0) + 1;
    seen.set(content, occurrence);
    const key = bankId
      ? `statement:id:${bankId}`
      : `statement:${createHash("sha256").update(content).digest("hex").slice(0, 32)}:${occurrence}`;
    lines.push({ line: info.lines, key, bookedOn, amount, currency, remittance });
  }
  if (errors.length > 0) {
    return fail("invalid_bank_statement", `${errors.length} line(s) cannot be read; nothing was imported.`, {
      errors,
    });
  }
  return ok(lines);
}

/**
 * Which offline payment a statement line pays: by the creditor reference in its remittance text
 * (check digits verified). Without one, open payments owing exactly the amount are candidates,
 * reported for a person to decide: money is never applied on an amount alone.
 */
export async function matchStatementLine(db: Db, line: StatementLine): Promise<LineMatch> {
  if (line.amount <= 0) return { kind: "unmatched", reason: "not_incoming" };
  const references = findCreditorReferences(line.remittance);
  if (references.length > 0) {
    const known = await db
      .select({
        reference: offlinePaymentReferences.reference,
        paymentId: payments.id,
        orderId: payments.orderId,
      })
      .from(offlinePaymentReferences)
      .innerJoin(payments, eq(payments.attemptId, offlinePaymentReferences.idempotencyKey))
      .where(inArray(offlinePaymentReferences.reference, references));
    if (known.length === 1) return { kind: "reference", ...known[0]! };
    if (known.length > 1) {
      return {
        kind: "ambiguous",
        reason: "several_references",
        orderIds: known.flatMap((k) => k.orderId ?? []),
      };
    }
    return { kind: "unmatched", reason: "unknown_reference" };
  }
  // Something like a reference whose check digits fail: a typo, said so rather than "none".
  const reason = /RF\s?\d\s?\d/i.test(line.remittance) ? "invalid_reference" : "no_reference";
  const candidates = await db
    .select({ orderId: payments.orderId })
    .from(payments)
    .where(
      and(
        inArray(payments.provider, [...offlineProviders]),
        inArray(payments.status, ["awaiting_payment", "partially_paid"]),
        eq(payments.currency, line.currency),
        sql`${payments.amount} - ${payments.capturedAmount} = ${line.amount}`,
      ),
    )
    .limit(10);
  if (candidates.length === 0) return { kind: "unmatched", reason };
  return { kind: "ambiguous", reason, orderIds: candidates.flatMap((c) => c.orderId ?? []) };
}

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}
