import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  inArray,
  isNull,
  lt,
  lte,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { placeholderFor, preparedQuery } from "../../shared/db/prepared-query.ts";
import { newId } from "../../shared/ids.ts";
import type { Receipt } from "./issue-receipt.ts";
import { type EmailStatus, emails } from "./schema.ts";

export type EmailRow = typeof emails.$inferSelect;

const forgottenLink = "This email held a single-use link, removed after sending. Request a new one.";

/**
 * Queues an email unless one of this kind exists for the order, or for the shipment when it
 * names one (the unique indexes decide, also under races). Returns the new id, or undefined when
 * it was already queued.
 */
export async function enqueueEmail(
  tx: Db,
  email: Pick<EmailRow, "kind" | "orderId" | "recipient" | "subject" | "text" | "html"> & {
    shipmentId?: string | null;
  },
  at: Date,
): Promise<string | undefined> {
  const [row] = await tx
    .insert(emails)
    .values({ ...email, id: newId("eml"), status: "pending", createdAt: at })
    // No target: the two partial unique indexes (per order, per shipment) both mean "already queued".
    .onConflictDoNothing()
    .returning({ id: emails.id });
  return row?.id;
}

/**
 * enqueueEmail as a statement to run inside a larger one (with its consumption record): queues
 * only when `onlyIf` holds, and returns the new id as a row.
 */
export function enqueueEmailStatement(
  email: Pick<EmailRow, "kind" | "orderId" | "recipient" | "subject" | "text" | "html">,
  at: Date,
  onlyIf: SQL,
): SQL {
  return sql`insert into emails (id, kind, order_id, recipient, subject, text, html, status, created_at)
             select ${newId("eml")}::text, ${email.kind}::text, ${email.orderId}::text,
                    ${email.recipient}::text, ${email.subject}::text, ${email.text}::text,
                    ${email.html}::text, 'pending', ${at.toISOString()}::timestamptz
             where ${onlyIf}
             on conflict do nothing
             returning id`;
}

/** A claimed email with its order's receipt when one was issued (what the sender attaches). */
export type ClaimedEmail = EmailRow & { receipt: Receipt | undefined };

/**
 * Claims up to `limit` due emails for one sender with a lease, `for update skip locked` so
 * parallel senders take different rows. The claim commits before anything is sent: no lock is
 * held across the SMTP conversation, and a sender that dies mid-send lets the lease run out.
 * One statement: the claimed rows come back with their order's receipt, so the sender reads
 * neither again.
 */
export async function claimDueEmails(
  db: Db,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<ClaimedEmail[]> {
  const rows = await claimDue(db).execute({ now, leaseUntil, limit });
  // UPDATE … RETURNING does not promise an order.
  return rows
    .map(({ invoiceNumber, issuedAt, ...email }) => ({
      ...email,
      receipt:
        email.orderId && invoiceNumber && issuedAt
          ? { orderId: email.orderId, invoiceNumber, issuedAt: new Date(issuedAt) }
          : undefined,
    }))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** The claim of `claimDueEmails`, built once: the sender runs it every pass. */
const claimDue = preparedQuery((db) => {
  const due = db
    .select({ id: emails.id })
    .from(emails)
    .where(
      and(
        eq(emails.status, "pending"),
        or(
          isNull(emails.nextAttemptAt),
          lte(emails.nextAttemptAt, placeholderFor(emails.nextAttemptAt, "now")),
        ),
      ),
    )
    .orderBy(asc(emails.createdAt))
    .limit(sql.placeholder("limit"))
    .for("update", { skipLocked: true });
  return db
    .update(emails)
    .set({ nextAttemptAt: placeholderFor(emails.nextAttemptAt, "leaseUntil") })
    .where(inArray(emails.id, due))
    .returning({
      ...getTableColumns(emails),
      // Qualified by hand: drizzle writes a returned column without its table.
      invoiceNumber: sql<
        string | null
      >`(select r.invoice_number from receipts r where r.order_id = emails.order_id)`,
      issuedAt: sql<
        string | Date | null
      >`(select r.issued_at from receipts r where r.order_id = emails.order_id)`,
    })
    .prepare("emails_claim_due");
});

export async function getEmail(db: Db, id: string): Promise<EmailRow | undefined> {
  const [row] = await db.select().from(emails).where(eq(emails.id, id));
  return row;
}

export async function markEmailSent(db: Db, id: string, at: Date): Promise<void> {
  // A reset or verification link opens an account, a cart reminder's restore link a cart with an
  // address: once delivered, the queue forgets it, so nobody reading the emails table (Admin API,
  // a backup) can use it.
  await markSent(db).execute({ id, at });
}

const markSent = preparedQuery((db) => {
  const forget = (column: typeof emails.text | typeof emails.html) =>
    sql`case when ${emails.kind} in ('password_reset', 'email_verification', 'cart_reminder') then ${forgottenLink} else ${column} end`;
  return db
    .update(emails)
    .set({
      status: "sent",
      sentAt: placeholderFor(emails.sentAt, "at"),
      nextAttemptAt: null,
      lastError: null,
      text: forget(emails.text),
      html: forget(emails.html),
    })
    .where(and(eq(emails.id, sql.placeholder("id")), eq(emails.status, "pending")))
    .prepare("emails_mark_sent");
});

/** Counts a failed send: back off until `retryAt`, or give up (`dead`) when it is null. */
export async function recordEmailFailure(
  db: Db,
  id: string,
  attempts: number,
  retryAt: Date | null,
  error: string,
): Promise<void> {
  await db
    .update(emails)
    .set({
      attempts,
      status: retryAt ? "pending" : "dead",
      nextAttemptAt: retryAt,
      lastError: error.slice(0, 1000),
    })
    .where(and(eq(emails.id, id), eq(emails.status, "pending")));
}

/** Puts an email (sent or dead) back in the queue with a fresh count of attempts. */
export async function requeueEmail(db: Db, id: string): Promise<EmailRow | undefined> {
  const [row] = await db
    .update(emails)
    .set({ status: "pending", attempts: 0, nextAttemptAt: null, lastError: null })
    .where(eq(emails.id, id))
    .returning();
  return row;
}

/** Newest first, keyset-paginated by creation time. */
export async function listEmails(
  db: Db,
  filter: {
    limit: number;
    status?: EmailStatus | undefined;
    orderId?: string | undefined;
    before?: Date | undefined;
  },
): Promise<EmailRow[]> {
  const where: SQL[] = [];
  if (filter.status) where.push(eq(emails.status, filter.status));
  if (filter.orderId) where.push(eq(emails.orderId, filter.orderId));
  if (filter.before) where.push(lt(emails.createdAt, filter.before));
  return db
    .select()
    .from(emails)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(emails.createdAt), desc(emails.id))
    .limit(filter.limit);
}
