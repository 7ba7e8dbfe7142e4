import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem, sendResult } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { adjustStock } from "./adjust-stock.ts";
import { isoDateSchema, quantitySchema, skuParams, stockLevelSchema } from "./inventory.schemas.ts";
import { locationsAdminRoutes } from "./locations.routes.ts";
import { replenishmentsAdminRoutes } from "./replenishments.routes.ts";
import { getStockLevel, listStockLevels } from "./stock-levels.ts";
import { updateStockSettings } from "./stock-settings.ts";
import { transferStock } from "./transfer-stock.ts";

const admin = { tags: ["admin"], security: [{ apiKey: [] }] };
const locationId = z.string().min(1).max(64);

/** Admin API: stock per SKU and location, adjustments, transfers, settings, locations, replenishment. */
export const inventoryAdminRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(locationsAdminRoutes(ctx));
    await app.register(replenishmentsAdminRoutes(ctx));

    app.get(
      "/admin/inventory",
      {
        config: { scope: "inventory:read" },
        schema: {
          ...admin,
          summary: "List stock per SKU and per location",
          description:
            "Keyset paging in SKU order: pass `next` back as `after`. `low=true` keeps SKUs at or below their reorder point.",
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            after: z.string().max(64).optional(),
            low: z.enum(["true", "false"]).optional(),
          }),
          response: {
            200: z.object({ items: z.array(stockLevelSchema), next: z.string().nullable() }),
            ...problems(400, 401, 403),
          },
        },
      },
      async (req) =>
        listStockLevels(ctx.db, {
          limit: req.query.limit,
          after: req.query.after,
          low: req.query.low === "true",
        }),
    );

    app.get(
      "/admin/inventory/:sku",
      {
        config: { scope: "inventory:read" },
        schema: {
          ...admin,
          summary: "Read the stock of a SKU, in total and per location",
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
          ...admin,
          summary: "Adjust the on-hand stock of a SKU at a location",
          description:
            "Adds `delta` (negative to remove) with a reason at `locationId` (default: the first active location by " +
            "priority); recorded in the movement ledger. `received` goods first fill units owed to backorders.",
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
            locationId: locationId.optional(),
          }),
          response: { 200: stockLevelSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) =>
        sendResult(reply, await adjustStock(ctx.db, { sku: req.params.sku, ...req.body }, ctx.clock.now())),
    );

    app.put(
      "/admin/inventory/:sku/settings",
      {
        config: { scope: "inventory:write" },
        schema: {
          ...admin,
          summary: "Set a SKU's reorder point and backorder policy",
          description:
            "When available (less units owed) drops to or below `reorderPoint`, `inventory.low` is written once per " +
            "crossing and a replenishment request of `reorderQuantity` is raised. With `backorder.allowed`, shoppers " +
            "may buy beyond stock up to `limit` units owed, told `expectedOn`. Absent fields stay; null clears.",
          params: skuParams,
          body: z.object({
            reorderPoint: z.number().int().min(0).max(1_000_000).nullable().optional(),
            reorderQuantity: quantitySchema.nullable().optional(),
            supplier: z.string().min(1).max(200).nullable().optional(),
            backorder: z
              .object({
                allowed: z.boolean(),
                limit: z.number().int().min(0).max(1_000_000).nullable().optional(),
                expectedOn: isoDateSchema.nullable().optional(),
              })
              .optional(),
          }),
          response: { 200: stockLevelSchema, ...problems(400, 401, 403, 404, 422) },
        },
      },
      async (req, reply) =>
        sendResult(reply, await updateStockSettings(ctx.db, req.params.sku, req.body, ctx.clock.now())),
    );

    app.post(
      "/admin/inventory/:sku/transfers",
      {
        config: { scope: "inventory:write" },
        schema: {
          ...admin,
          summary: "Move free units of a SKU from one location to another",
          description: "Atomic: two `transfer` ledger entries sharing `transferId`, or nothing.",
          params: skuParams,
          body: z.object({
            fromLocationId: locationId,
            toLocationId: locationId,
            quantity: quantitySchema,
            note: z.string().max(500).optional(),
          }),
          response: {
            200: stockLevelSchema.extend({ transferId: z.string() }),
            ...problems(400, 401, 403, 404, 409),
          },
        },
      },
      async (req, reply) =>
        sendResult(reply, await transferStock(ctx.db, { sku: req.params.sku, ...req.body }, ctx.clock.now())),
    );
  };
