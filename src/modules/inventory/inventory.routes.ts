import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem, sendResult } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { adjustStock, getStockLevel } from "./adjust-stock.ts";

const skuParams = z.object({ sku: z.string().min(1).max(64) });
const stockLevelSchema = z
  .object({
    sku: z.string(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
  })
  .meta({ id: "StockLevel" });

/** Admin API: read and adjust stock. */
export const inventoryAdminRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/admin/inventory/:sku",
      {
        config: { scope: "inventory:read" },
        schema: {
          tags: ["admin"],
          summary: "Read the stock level of a SKU",
          security: [{ apiKey: [] }],
          params: skuParams,
          response: { 200: stockLevelSchema, ...problems(401, 403, 404) },
        },
      },
      async (req, reply) => {
        const level = await getStockLevel(ctx.db, req.params.sku);
        if (!level)
          return sendProblem(reply, {
            code: "sku_not_found",
            detail: `No stock is tracked for SKU ${req.params.sku}.`,
          });
        return level;
      },
    );

    app.post(
      "/admin/inventory/:sku/adjustments",
      {
        config: { scope: "inventory:write" },
        schema: {
          tags: ["admin"],
          summary: "Adjust the on-hand stock of a SKU",
          description: "Adds `delta` (negative to remove) with a reason; recorded in the movement ledger.",
          security: [{ apiKey: [] }],
          params: skuParams,
          body: z.object({
            delta: z
              .number()
              .int()
              .min(-1_000_000)
              .max(1_000_000)
              .refine((d) => d !== 0, "must not be 0"),
            reason: z.enum(["received", "adjusted", "returned", "damaged", "count"]),
            note: z.string().max(500).optional(),
          }),
          response: { 200: stockLevelSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) =>
        sendResult(reply, await adjustStock(ctx.db, { sku: req.params.sku, ...req.body }, ctx.clock.now())),
    );
  };
