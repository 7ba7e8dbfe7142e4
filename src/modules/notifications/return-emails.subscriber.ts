import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { consumeOnce } from "../../shared/outbox/consume-once.ts";
import type { EventSubscriber, PublishedEvent } from "../../shared/outbox/subscriber.ts";
import { getOrder } from "../orders/index.ts";
import { type CreditNote, renderCreditNotePdf } from "./credit-note-pdf.ts";
import { attachToEmail, type StoredAttachment } from "./email-attachments.ts";
import { enqueueEmail } from "./emails.repository.ts";
import {
  type RefundFacts,
  type ReturnLabelFacts,
  type ReturnRejectedFacts,
  renderRefundIssuedEmail,
  renderReturnLabelEmail,
  renderReturnRejectedEmail,
} from "./return-emails.ts";
import type { StoreProfile } from "./store-profile.ts";

const name = "return-emails";
const emailKinds = {
  "return.approved": "return_label",
  "return.rejected": "return_rejected",
  "return.refunded": "refund_issued",
} as const;

/**
 * Where the mailer gets a return's label: the returns module keeps it, and notifications may not
 * call returns (returns calls down into notifications for receipts), so app/ wires it in.
 */
export interface ReturnLabels {
  find(returnId: string): Promise<{ pdf: Buffer; trackingNumber: string } | undefined>;
}

/**
 * Reacts to `return.approved` (label email, label attached), `return.rejected` (the merchant's
 * reason) and `return.refunded` (refund email, credit note attached), once per event (consumeOnce) and once per return and kind (the emails
 * unique index on kind and the return id, kept in `shipment_id`).
 */
export function returnEmailsSubscriber(
  ctx: Context & { store: StoreProfile; labels: ReturnLabels; onQueued?: () => void },
): EventSubscriber {
  return {
    name,
    types: ["return.approved", "return.rejected", "return.refunded"],
    async handle(event: PublishedEvent) {
      // Read before the transaction: the label is the returns module's, committed with the event.
      const label =
        event.type === "return.approved" ? await ctx.labels.find(String(event.payload.returnId)) : undefined;
      const result = await consumeOnce(ctx.db, ctx.clock, name, event.id, (tx) =>
        queueReturnEmail(tx, event, label, ctx.store, ctx.clock.now()),
      );
      if (result.consumed && result.value) ctx.onQueued?.();
    },
  };
}

async function queueReturnEmail(
  tx: Db,
  event: PublishedEvent,
  label: { pdf: Buffer; trackingNumber: string } | undefined,
  store: StoreProfile,
  at: Date,
): Promise<string | undefined> {
  const p = event.payload;
  const orderId = String(p.orderId);
  const returnId = String(p.returnId ?? event.aggregateId);
  const order = await getOrder(tx, orderId);
  // Thrown, not skipped: the event is retried rather than the email silently lost.
  if (!order) throw new Error(`order ${orderId} of event ${event.id} not found`);
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  let email: { subject: string; text: string; html: string };
  let files: StoredAttachment[];
  if (event.type === "return.approved") {
    const facts: ReturnLabelFacts = {
      returnNumber: String(p.returnNumber),
      orderNumber: order.number,
      carrier: str(p.carrier),
      trackingNumber: str(p.trackingNumber),
      trackingUrl: str(p.trackingUrl),
      lines: Array.isArray(p.lines) ? (p.lines as ReturnLabelFacts["lines"]) : [],
    };
    email = renderReturnLabelEmail(facts, store);
    files = label
      ? [
          {
            filename: `return-label-${label.trackingNumber}.pdf`,
            content: label.pdf,
            contentType: "application/pdf",
          },
        ]
      : [];
  } else if (event.type === "return.rejected") {
    email = renderReturnRejectedEmail(
      {
        returnNumber: String(p.returnNumber),
        orderNumber: order.number,
        reason: String(p.reason ?? ""),
        lines: Array.isArray(p.lines) ? (p.lines as ReturnRejectedFacts["lines"]) : [],
      },
      store,
    );
    files = [];
  } else {
    const creditNote = p.creditNote as CreditNote;
    const facts: RefundFacts = {
      returnNumber: String(p.returnNumber),
      orderNumber: order.number,
      amount: Number(p.amount),
      currency: String(p.currency),
      method: p.method as RefundFacts["method"],
      creditNote,
      giftCardCode: str(p.giftCardCode),
    };
    email = renderRefundIssuedEmail(facts, store);
    files = [
      {
        filename: `credit-note-${creditNote.number}.pdf`,
        content: await renderCreditNotePdf(creditNote, store),
        contentType: "application/pdf",
      },
    ];
  }
  const id = await enqueueEmail(
    tx,
    {
      kind: emailKinds[event.type as keyof typeof emailKinds],
      orderId: order.id,
      shipmentId: returnId,
      recipient: order.email,
      ...email,
    },
    at,
  );
  if (id) await attachToEmail(tx, id, files);
  return id;
}
