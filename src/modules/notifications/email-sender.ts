import type { Context } from "../../shared/context.ts";
import { retryDelayMs } from "../../shared/outbox/retry-delay.ts";
import { getOrder } from "../orders/index.ts";
import { listEmailAttachments } from "./email-attachments.ts";
import {
  type ClaimedEmail,
  claimDueEmails,
  type EmailRow,
  markEmailSent,
  recordEmailFailure,
} from "./emails.repository.ts";
import { issueReceipt } from "./issue-receipt.ts";
import type { MailTransport, OutgoingMail } from "./mail-transport.ts";
import { takeQueuedOrder } from "./queued-orders.ts";
import { renderReceiptPdf } from "./receipt-pdf.ts";
import type { StoreProfile } from "./store-profile.ts";

export interface EmailSenderOptions extends Context {
  store: StoreProfile;
  transport: MailTransport;
  /** Failed sends before an email is dead-lettered (it can be resent from the Admin API). */
  maxAttempts?: number;
  batchSize?: number;
  /** How long a claim holds before another sender may take the email over (crash recovery). */
  leaseMs?: number;
  pollIntervalMs?: number;
}

/**
 * Drains the email queue in the background: claim due emails, send each outside any
 * transaction, mark it sent, or back off (1 s doubling, 5 min cap) and dead-letter it after
 * `maxAttempts` failures. An unreachable mail server only delays emails; checkouts never wait on
 * it (G14). Delivery is at least once: a crash between the server's acceptance and `sent` sends
 * the email again after the lease, with the same Message-ID.
 */
export class EmailSender {
  readonly #o: Required<Omit<EmailSenderOptions, keyof Context>> & Context;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = true;

  constructor(options: EmailSenderOptions) {
    this.#o = { maxAttempts: 8, batchSize: 20, leaseMs: 120_000, pollIntervalMs: 1000, ...options };
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#timer = setInterval(() => this.kick(), this.#o.pollIntervalMs);
    this.#timer.unref();
    this.kick();
  }

  /** Asks for a pass now (an email was just queued); coalesces with a running one. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
    this.#o.transport.close();
  }

  async #drain(): Promise<void> {
    do {
      this.#again = false;
      try {
        while (!this.#stopped && (await this.runOnce()).claimed === this.#o.batchSize);
      } catch (err) {
        this.#o.log.error({ err }, "email pass failed");
        return;
      }
    } while (this.#again && !this.#stopped);
  }

  /** One pass over the due emails, awaited (tests, scripts). */
  async runOnce(): Promise<{ claimed: number; sent: number; failed: number }> {
    const now = this.#o.clock.now();
    const due = await claimDueEmails(
      this.#o.db,
      now,
      new Date(now.getTime() + this.#o.leaseMs),
      this.#o.batchSize,
    );
    let sent = 0;
    for (const email of due) {
      try {
        await this.#o.transport.send(await this.#compose(email));
      } catch (err) {
        await this.#recordFailure(email, err);
        continue;
      }
      await markEmailSent(this.#o.db, email.id, this.#o.clock.now());
      sent++;
    }
    return { claimed: due.length, sent, failed: due.length - sent };
  }

  /** The stored words plus the receipt, rendered now from the order snapshot (same bytes each time). */
  async #compose(email: ClaimedEmail): Promise<OutgoingMail> {
    const { db, store } = this.#o;
    const domain = store.mailFrom.match(/@([^>\s]+)/)?.[1] ?? "cartwright.invalid";
    const words = {
      messageId: `<${email.id}@${domain}>`,
      from: store.mailFrom,
      to: email.recipient,
      subject: email.subject,
      text: email.text,
      html: email.html,
    };
    // Account emails (password reset, verification) are about no order and carry no receipt;
    // shipment emails are about a parcel, and the receipt already came with the confirmation.
    // Return emails carry the files stored with them (label, credit note), nothing else.
    // The "how to pay" email of a bank transfer carries no receipt either: nothing is paid yet.
    if (!email.orderId || email.shipmentId || email.kind === "payment_instructions")
      return { ...words, attachments: await listEmailAttachments(db, email.id) };
    const order =
      takeQueuedOrder(db, email.orderId, this.#o.clock.now()) ?? (await getOrder(db, email.orderId));
    if (!order) throw new Error(`order ${email.orderId} not found`);
    // The claim brought the receipt along; an order queued before receipts existed gets one now.
    const receipt = email.receipt ?? (await issueReceipt(db, order.id, order.placedAt));
    return {
      ...words,
      attachments: [
        {
          filename: `receipt-${receipt.invoiceNumber}.pdf`,
          content: await renderReceiptPdf(order, receipt, store),
          contentType: "application/pdf",
        },
      ],
    };
  }

  async #recordFailure(email: EmailRow, err: unknown): Promise<void> {
    const attempts = email.attempts + 1;
    const dead = attempts >= this.#o.maxAttempts;
    const retryAt = dead ? null : new Date(this.#o.clock.now().getTime() + retryDelayMs(attempts));
    const message = err instanceof Error ? err.message : String(err);
    await recordEmailFailure(this.#o.db, email.id, attempts, retryAt, message);
    // Ids only: the recipient's address is personal data and stays out of logs (G17).
    const code = err instanceof Error && "code" in err ? String(err.code) : undefined;
    if (dead)
      this.#o.log.error({ emailId: email.id, attempts, code }, "email dead-lettered after repeated failures");
    else this.#o.log.warn({ emailId: email.id, attempts, retryAt, code }, "email send failed; will retry");
  }
}
