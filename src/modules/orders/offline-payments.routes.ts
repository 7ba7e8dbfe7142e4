import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idempotent } from "../../http/idempotency.ts";
import { sendProblem } from "../../http/problem.ts";
import { currencyCodeSchema, moneySchema, problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import type { ReceiptOutcome } from "../payments/index.ts";
import { importBankStatement, markOrderPaid, type StatementLineReport } from "./record-offline-payment.ts";
import { orderPaymentStatuses } from "./schema.ts";

const isoDate = z.iso.date().describe("ISO date, e.g. 2026-03-31.");

const receiptSchema = z
  .object({
    orderId: z.string(),
    paymentStatus: z.enum(orderPaymentStatuses),
    applied: moneySchema.describe("What this receipt paid of the amount due."),
    overpaid: moneySchema.describe("What arrived beyond the amount due: flagged, to be refunded or kept."),
    received: moneySchema.describe("Received so far for the order."),
    outstanding: moneySchema.describe("Still owed."),
    duplicate: z.boolean().describe("This receipt was already recorded: nothing changed."),
  })
  .meta({ id: "PaymentReceipt" });

function toReceiptJson(orderId: string, r: ReceiptOutcome): z.input<typeof receiptSchema> {
  const m = (amount: number) => ({ amount, currency: r.currency });
  return {
    orderId,
    paymentStatus: r.status as (typeof orderPaymentStatuses)[number],
    applied: m(r.applied),
    overpaid: m(r.excess),
    received: m(r.received),
    outstanding: m(r.outstanding),
    duplicate: r.duplicate,
  };
}

const statementLineSchema = z.object({
  line: z.number().int().describe("Line number in the file (the header is line 1)."),
  bookedOn: z.string(),
  amount: moneySchema,
  status: z
    .enum(["matched", "duplicate", "unmatched", "ambiguous"])
    .describe("duplicate: imported before, nothing changed. ambiguous: candidates listed, nothing applied."),
  reason: z.string().nullable(),
  reference: z.string().nullable(),
  orderId: z.string().nullable(),
  candidates: z.array(z.string()).describe("Orders an ambiguous line might pay."),
  applied: moneySchema,
  overpaid: moneySchema,
  outstanding: moneySchema.nullable(),
});

function toLineJson(l: StatementLineReport): z.input<typeof statementLineSchema> {
  const m = (amount: number) => ({ amount, currency: l.currency });
  return {
    line: l.line,
    bookedOn: l.bookedOn,
    amount: m(l.amount),
    status: l.status,
    reason: l.reason,
    reference: l.reference,
    orderId: l.orderId,
    candidates: l.candidates,
    applied: m(l.applied),
    overpaid: m(l.overpaid),
    outstanding: l.outstanding === null ? null : m(l.outstanding),
  };
}

const actor = "merchant";

/** Admin API: money received for bank transfers and purchase-order invoices. */
export const offlinePaymentsAdminRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      "/admin/orders/:orderId/payments/receipts",
      {
        config: { scope: "payments:write" },
        schema: {
          tags: ["admin"],
          summary: "Mark a bank transfer or invoice (partly) paid",
          description:
            "Records money received for an order paid by bank transfer or purchase order. Partial payments " +
            "accumulate; the order is `captured` once the total arrived; money beyond it is flagged as overpaid. " +
            "A paid purchase-order invoice gives the customer's credit back. Needs an `Idempotency-Key`: the same " +
            "key records the money once, also when sent in parallel.",
          security: [{ apiKey: [] }],
          params: z.object({ orderId: z.string().min(1).max(64) }),
          headers: z.object({
            "idempotency-key": z.string().min(1).max(255).describe("Unique per receipt, e.g. a UUID."),
          }),
          body: z.object({
            amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe("Minor units."),
            currency: currencyCodeSchema.optional().describe("Defaults to the order's currency."),
            receivedOn: isoDate.describe("The day the money arrived."),
            reference: z
              .string()
              .trim()
              .max(140)
              .optional()
              .describe("The merchant's note, e.g. the bank's transaction id; shown with the receipt."),
          }),
          response: { 201: receiptSchema, ...problems(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req, reply) =>
        idempotent(ctx, req, reply, `order:${req.params.orderId}:receipt`, async () => {
          const result = await markOrderPaid(ctx, req.params.orderId, {
            ...req.body,
            requestKey: String(req.headers["idempotency-key"]),
            actor,
          });
          return {
            result: result.ok ? { ok: true, value: toReceiptJson(req.params.orderId, result.value) } : result,
            status: 201,
          };
        }),
    );

    app.post(
      "/admin/payments/bank-statements",
      {
        config: { scope: "payments:write" },
        schema: {
          tags: ["admin"],
          summary: "Import a bank statement and reconcile bank transfers",
          description:
            "Reads a CSV statement (header: `date`, `amount` as a decimal, `currency`, `reference` or " +
            "`description`; optional `id`, the bank's transaction id) and applies each incoming line to the order " +
            "whose creditor reference (RF…) it quotes. Lines without a usable reference are reported as " +
            "`unmatched` or `ambiguous` (with candidate orders) and never applied. Importing the same statement " +
            "again changes nothing: its lines come back as `duplicate`. A file with an unreadable line is refused whole.",
          security: [{ apiKey: [] }],
          body: z.object({ csv: z.string().min(1).max(2_000_000).describe("The statement, CSV text.") }),
          response: {
            200: z.object({
              summary: z.object({
                lines: z.number().int(),
                matched: z.number().int(),
                duplicate: z.number().int(),
                unmatched: z.number().int(),
                ambiguous: z.number().int(),
              }),
              lines: z.array(statementLineSchema),
            }),
            ...problems(400, 401, 403, 422),
          },
        },
      },
      async (req, reply) => {
        const result = await importBankStatement(ctx, req.body.csv, actor);
        if (!result.ok) return sendProblem(reply, result.failure);
        const count = (s: StatementLineReport["status"]) => result.value.filter((l) => l.status === s).length;
        return {
          summary: {
            lines: result.value.length,
            matched: count("matched"),
            duplicate: count("duplicate"),
            unmatched: count("unmatched"),
            ambiguous: count("ambiguous"),
          },
          lines: result.value.map(toLineJson),
        };
      },
    );
  };
