import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idempotent } from "../../http/idempotency.ts";
import { sendProblem } from "../../http/problem.ts";
import { moneySchema, problems } from "../../http/schemas.ts";
import type { PaymentsContext, PaymentView } from "../payments/index.ts";
import { captureOrderPayment, getOrderPayments, refundOrderPayment } from "./order-payments.ts";
import { getOrder } from "./orders.repository.ts";

const paymentSchema = z
  .object({
    id: z.string(),
    provider: z.string(),
    status: z.enum([
      "awaiting_payment",
      "partially_paid",
      "authorized",
      "captured",
      "partially_refunded",
      "refunded",
      "voided",
      "failed",
    ]),
    authorized: moneySchema,
    captured: moneySchema,
    refunded: moneySchema.describe("Refunded, including refunds still awaiting the provider's answer."),
    brand: z.string().nullable(),
    last4: z.string().nullable(),
    transactions: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        outcome: z.string(),
        amount: moneySchema,
        at: z.string(),
      }),
    ),
    refunds: z.array(
      z.object({
        id: z.string(),
        amount: moneySchema,
        reason: z.string(),
        status: z.string(),
        at: z.string(),
      }),
    ),
    receipts: z
      .array(
        z.object({
          id: z.string(),
          source: z
            .enum(["manual", "statement"])
            .describe("Marked paid by the merchant, or a bank statement."),
          amount: moneySchema.describe("What arrived."),
          applied: moneySchema.describe("What of it paid the amount due."),
          overpaid: moneySchema.describe("What arrived beyond the amount due."),
          receivedOn: z.string().describe("ISO date the money arrived."),
          reference: z
            .string()
            .nullable()
            .describe("The merchant's note, or the statement's remittance text."),
          at: z.string(),
        }),
      )
      .describe("Money received for a bank transfer or purchase-order invoice; empty for card payments."),
  })
  .meta({ id: "Payment" });

function toPaymentJson(p: PaymentView): z.input<typeof paymentSchema> {
  const m = (amount: number) => ({ amount, currency: p.currency });
  return {
    id: p.id,
    provider: p.provider,
    status: p.status,
    authorized: m(p.amount),
    captured: m(p.capturedAmount),
    refunded: m(p.refundedAmount),
    brand: p.brand,
    last4: p.last4,
    transactions: p.transactions.map((t) => ({
      id: t.id,
      kind: t.kind,
      outcome: t.outcome,
      amount: m(t.amount),
      at: t.createdAt.toISOString(),
    })),
    refunds: p.refunds.map((r) => ({
      id: r.id,
      amount: m(r.amount),
      reason: r.reason,
      status: r.status,
      at: r.createdAt.toISOString(),
    })),
    receipts: p.receipts.map((r) => ({
      id: r.id,
      source: r.source,
      amount: m(r.amount),
      applied: m(r.applied),
      overpaid: m(r.excess),
      receivedOn: r.receivedOn,
      reference: r.reference,
      at: r.createdAt.toISOString(),
    })),
  };
}

const params = z.object({ orderId: z.string().min(1).max(64) });
const idempotencyHeaders = z.object({
  "idempotency-key": z.string().min(1).max(255).describe("Unique per operation, e.g. a UUID."),
});
/** Who the timeline names; the API key id is not exposed to routes yet, so the role it acts as. */
const actor = "merchant";

/** Admin API: capture, refund and read an order's payment. */
export const orderPaymentsAdminRoutes =
  (ctx: PaymentsContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/admin/orders/:orderId/payments",
      {
        config: { scope: "orders:read" },
        schema: {
          tags: ["admin"],
          summary: "Read an order's payments with their transaction history",
          security: [{ apiKey: [] }],
          params,
          response: { 200: z.object({ payments: z.array(paymentSchema) }), ...problems(401, 403, 404) },
        },
      },
      async (req, reply) => {
        if (!(await getOrder(ctx.db, req.params.orderId))) {
          return sendProblem(reply, { code: "not_found", detail: `No order ${req.params.orderId}.` });
        }
        return { payments: (await getOrderPayments(ctx.db, req.params.orderId)).map(toPaymentJson) };
      },
    );

    app.post(
      "/admin/orders/:orderId/payments/capture",
      {
        config: { scope: "payments:write" },
        schema: {
          tags: ["admin"],
          summary: "Capture the order's authorized payment",
          description:
            "Takes `amount` (default: all) of the authorization; the rest is released. Needs an " +
            "`Idempotency-Key`; capturing a captured payment returns it unchanged.",
          security: [{ apiKey: [] }],
          params,
          headers: idempotencyHeaders,
          body: z.object({ amount: z.number().int().positive().optional() }).optional(),
          response: { 200: paymentSchema, ...problems(400, 401, 403, 404, 409, 422, 502, 503) },
        },
      },
      async (req, reply) =>
        idempotent(ctx, req, reply, `order:${req.params.orderId}:capture`, async () => {
          const result = await captureOrderPayment(ctx, req.params.orderId, {
            amount: req.body?.amount,
            actor,
          });
          return {
            result: result.ok ? { ok: true, value: toPaymentJson(result.value) } : result,
            status: 200,
          };
        }),
    );

    app.post(
      "/admin/orders/:orderId/payments/refund",
      {
        config: { scope: "payments:write" },
        schema: {
          tags: ["admin"],
          summary: "Refund all or part of the order's captured payment",
          description:
            "Refunds `amount` (minor units). Refunds never exceed what was captured, also when sent in " +
            "parallel (`refund_exceeds_captured`). Needs an `Idempotency-Key`: a retry with the same key " +
            "re-drives the same refund and never refunds twice.",
          security: [{ apiKey: [] }],
          params,
          headers: idempotencyHeaders,
          body: z.object({
            amount: z.number().int().positive().describe("Minor units of the payment's currency."),
            reason: z.string().min(1).max(500),
          }),
          response: { 201: paymentSchema, ...problems(400, 401, 403, 404, 409, 422, 502, 503) },
        },
      },
      async (req, reply) =>
        idempotent(ctx, req, reply, `order:${req.params.orderId}:refund`, async () => {
          const result = await refundOrderPayment(ctx, req.params.orderId, {
            amount: req.body.amount,
            reason: req.body.reason,
            requestKey: String(req.headers["idempotency-key"]),
            actor,
          });
          return {
            result: result.ok ? { ok: true, value: toPaymentJson(result.value) } : result,
            status: 201,
          };
        }),
    );
  };
