import type { FastifyReply } from "fastify";
import { sendProblem } from "../../http/problem.ts";
import { renderCreditNotePdf } from "../notifications/index.ts";
import { findReturnLabel, type ReturnView } from "./returns.repository.ts";
import type { ReturnsContext } from "./returns-context.ts";

/** Sends the return label PDF as the carrier issued it, or a 404 problem when there is none yet. */
export async function sendReturnLabel(
  ctx: ReturnsContext,
  reply: FastifyReply,
  r: ReturnView,
): Promise<FastifyReply> {
  const label = await findReturnLabel(ctx.db, r.id);
  if (!label)
    return sendProblem(reply, { code: "not_found", detail: `Return ${r.number} has no label yet.` });
  return reply
    .type("application/pdf")
    .header("content-disposition", `inline; filename="return-label-${label.trackingNumber}.pdf"`)
    .header("cache-control", "private, no-store")
    .send(label.pdf);
}

/**
 * Sends the credit note of the return's refund, rendered from its snapshot (the same document
 * every time), or a 404 problem when no refund succeeded yet.
 */
export async function sendCreditNote(
  ctx: ReturnsContext,
  reply: FastifyReply,
  r: ReturnView,
): Promise<FastifyReply> {
  const refund = r.refunds.find((f) => f.status === "succeeded" && f.creditNoteNumber);
  if (!refund)
    return sendProblem(reply, { code: "not_found", detail: `Return ${r.number} has no credit note yet.` });
  const pdf = await renderCreditNotePdf(refund.creditNote, ctx.store);
  return reply
    .type("application/pdf")
    .header("content-disposition", `inline; filename="credit-note-${refund.creditNoteNumber}.pdf"`)
    .header("cache-control", "private, no-store")
    .send(pdf);
}
