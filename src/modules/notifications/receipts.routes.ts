import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { findOrderForShopper, getOrder, type OrderView, orderTokenHeaders } from "../orders/index.ts";
import { issueReceipt } from "./issue-receipt.ts";
import { renderReceiptPdf } from "./receipt-pdf.ts";
import type { StoreProfile } from "./store-profile.ts";

const params = z.object({ orderId: z.string().min(1).max(64) });
const description =
  "The order's receipt as `application/pdf`. Its invoice number is assigned on first issue and kept, so " +
  "the document is the same every time.";

/** Store (order token) and Admin (orders:read) API: the receipt PDF of an order. */
export const receiptsRoutes =
  (ctx: Context & { store: StoreProfile }): FastifyPluginAsyncZod =>
  async (app) => {
    const send = async (reply: FastifyReply, order: OrderView) => {
      const receipt = await issueReceipt(ctx.db, order.id, ctx.clock.now());
      const pdf = await renderReceiptPdf(order, receipt, ctx.store);
      return reply
        .type("application/pdf")
        .header("content-disposition", `inline; filename="receipt-${receipt.invoiceNumber}.pdf"`)
        .header("cache-control", "private, no-store")
        .send(pdf);
    };

    app.get(
      "/store/orders/:orderId/receipt.pdf",
      {
        schema: {
          tags: ["store"],
          summary: "Download an order's receipt",
          description,
          params,
          headers: orderTokenHeaders,
          response: problems(400, 404),
        },
      },
      async (req, reply) => {
        const order = await findOrderForShopper(ctx.db, req.params.orderId, req.headers["x-order-token"]);
        if (!order)
          return sendProblem(reply, {
            code: "not_found",
            detail: `No order ${req.params.orderId} for this token.`,
          });
        return send(reply, order);
      },
    );

    app.get(
      "/admin/orders/:orderId/receipt.pdf",
      {
        config: { scope: "orders:read" },
        schema: {
          tags: ["admin"],
          summary: "Download an order's receipt",
          description,
          security: [{ apiKey: [] }],
          params,
          response: problems(401, 403, 404),
        },
      },
      async (req, reply) => {
        const order = await getOrder(ctx.db, req.params.orderId);
        if (!order)
          return sendProblem(reply, { code: "not_found", detail: `No order ${req.params.orderId}.` });
        return send(reply, order);
      },
    );
  };
