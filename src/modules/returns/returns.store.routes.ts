import fastifyCookie from "@fastify/cookie";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idempotent } from "../../http/idempotency.ts";
import { sendProblem, sendResult } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import type { OrderView } from "../orders/index.ts";
import { requestReturn } from "./request-return.ts";
import { sendCreditNote, sendReturnLabel } from "./return-documents.ts";
import { getReturnableUnits } from "./returnable-units.ts";
import { getReturn, listReturns, type ReturnView } from "./returns.repository.ts";
import { returnRequestBody, returnSchema, toReturnJson } from "./returns.schemas.ts";
import type { ReturnsContext } from "./returns-context.ts";
import { cancelReturn } from "./review-return.ts";
import { findShopperOrder } from "./shopper-access.ts";

const orderRef = z
  .string()
  .min(1)
  .max(64)
  .describe("The order id (with a token or session) or its number (with x-order-email).");
const orderParams = z.object({ orderRef });
const returnParams = z.object({ orderRef, returnId: z.string().min(1).max(64) });
const access = z.object({
  "x-order-token": z.string().min(10).max(200).optional().describe("The order's access token."),
  "x-order-email": z
    .email()
    .max(320)
    .optional()
    .describe("The order's email, with the order number in the path."),
  authorization: z
    .string()
    .max(300)
    .optional()
    .describe("`Bearer cw_cs_…`: a session of the order's customer."),
});
const store = {
  tags: ["store"],
  description:
    "Opened by the order's access token (`x-order-token`), a session of the customer the order belongs to " +
    "(cookie or bearer), or the order number in the path with the order's email (`x-order-email`). A miss " +
    "answers 404, like an unknown order. Number-and-email misses are limited per client IP and per order " +
    "number: past the limit such look-ups answer 429 `rate_limited` with Retry-After.",
};

/** Store API: a shopper's returns of one order: request, list, cancel, label and credit note. */
export const returnsStoreRoutes =
  (ctx: ReturnsContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(fastifyCookie);

    const orderOf = async (
      req: FastifyRequest,
      reply: FastifyReply,
      ref: string,
    ): Promise<OrderView | undefined> => {
      const { order, retryAfterSeconds } = await findShopperOrder(ctx, req, ref);
      if (retryAfterSeconds) {
        reply.header("retry-after", String(retryAfterSeconds));
        sendProblem(reply, {
          code: "rate_limited",
          detail: `Too many look-ups by order number and email; try again in ${retryAfterSeconds} seconds, or use the link in the order email.`,
          meta: { retryAfterSeconds },
        });
      } else if (!order)
        sendProblem(reply, { code: "not_found", detail: `No order ${ref} for these credentials.` });
      return order;
    };
    const returnOf = async (
      req: FastifyRequest,
      reply: FastifyReply,
      params: { orderRef: string; returnId: string },
    ): Promise<ReturnView | undefined> => {
      const order = await orderOf(req, reply, params.orderRef);
      if (!order) return undefined;
      const found = await getReturn(ctx.db, params.returnId);
      if (found?.orderId === order.id) return found;
      sendProblem(reply, { code: "not_found", detail: `No return ${params.returnId} of this order.` });
      return undefined;
    };

    app.get(
      "/store/orders/:orderRef/returns",
      {
        schema: {
          ...store,
          summary: "List an order's returns and their status",
          params: orderParams,
          headers: access,
          response: {
            200: z.object({
              returns: z.array(returnSchema),
              returnable: z
                .array(z.object({ sku: z.string(), title: z.string(), quantity: z.number().int() }))
                .describe("Units per line that can still be returned: shipped and not in a return."),
            }),
            ...problems(400, 404, 429),
          },
        },
      },
      async (req, reply) => {
        const order = await orderOf(req, reply, req.params.orderRef);
        if (!order) return reply;
        return {
          returns: (await listReturns(ctx.db, { orderId: order.id, limit: 100 })).map(toReturnJson),
          returnable: await getReturnableUnits(ctx.db, order),
        };
      },
    );

    app.post(
      "/store/orders/:orderRef/returns",
      {
        schema: {
          ...store,
          summary: "Request a return of shipped units",
          description:
            `${store.description} Only shipped units not already in a return can be returned ` +
            "(`return_quantity_exceeds_returnable`, with `returnable` per SKU). A line may ask for an exchange: " +
            "another variant of the same product at the same price, shipped at no charge once the return arrives " +
            "(`exchange_price_differs`, `exchange_variant_invalid`, `exchange_out_of_stock`). Needs an `Idempotency-Key`.",
          params: orderParams,
          headers: access.extend({ "idempotency-key": z.string().min(1).max(255) }),
          body: returnRequestBody,
          response: { 201: returnSchema, ...problems(400, 404, 409, 422, 429) },
        },
      },
      async (req, reply) => {
        const order = await orderOf(req, reply, req.params.orderRef);
        if (!order) return reply;
        return idempotent(ctx, req, reply, `returns:${order.id}`, async () => {
          const result = await requestReturn(ctx, order.id, req.body, "shopper");
          return {
            result: result.ok ? { ok: true, value: toReturnJson(result.value) } : result,
            status: 201,
          };
        });
      },
    );

    app.get(
      "/store/orders/:orderRef/returns/:returnId",
      {
        schema: {
          ...store,
          summary: "Read one of an order's returns",
          params: returnParams,
          headers: access,
          response: { 200: returnSchema, ...problems(400, 404, 429) },
        },
      },
      async (req, reply) => {
        const found = await returnOf(req, reply, req.params);
        return found ? toReturnJson(found) : reply;
      },
    );

    app.post(
      "/store/orders/:orderRef/returns/:returnId/cancel",
      {
        schema: {
          ...store,
          summary: "Withdraw a return before the goods arrived",
          params: returnParams,
          headers: access,
          response: { 200: returnSchema, ...problems(400, 404, 409, 429) },
        },
      },
      async (req, reply) => {
        const found = await returnOf(req, reply, req.params);
        if (!found) return reply;
        const result = await cancelReturn(ctx, found.id, "shopper");
        return sendResult(reply, result.ok ? { ok: true, value: toReturnJson(result.value) } : result);
      },
    );

    app.get(
      "/store/orders/:orderRef/returns/:returnId/label.pdf",
      {
        schema: {
          ...store,
          summary: "Download the return label",
          params: returnParams,
          headers: access,
          response: problems(400, 404, 429),
        },
      },
      async (req, reply) => {
        const found = await returnOf(req, reply, req.params);
        return found ? sendReturnLabel(ctx, reply, found) : reply;
      },
    );

    app.get(
      "/store/orders/:orderRef/returns/:returnId/credit-note.pdf",
      {
        schema: {
          ...store,
          summary: "Download the credit note of the return's refund",
          params: returnParams,
          headers: access,
          response: problems(400, 404, 429),
        },
      },
      async (req, reply) => {
        const found = await returnOf(req, reply, req.params);
        return found ? sendCreditNote(ctx, reply, found) : reply;
      },
    );
  };
