import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendResult } from "../../http/problem.ts";
import { idParam, problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { ok, type Result } from "../../shared/failure.ts";
import { quantitySchema, replenishmentSchema, toJson } from "./inventory.schemas.ts";
import {
  listReplenishments,
  type Replenishment,
  receiveReplenishment,
  updateReplenishment,
} from "./replenishments.ts";

const admin = { tags: ["admin"], security: [{ apiKey: [] }] };
const params = idParam("replenishmentId");
const asJson = (r: Result<Replenishment>) => (r.ok ? ok(toJson(r.value)) : r);
const statuses = ["open", "ordered", "received", "cancelled"] as const;

/** Admin API: replenishment requests raised by low stock; order, cancel, receive. */
export const replenishmentsAdminRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/admin/inventory/replenishments",
      {
        config: { scope: "inventory:read" },
        schema: {
          ...admin,
          summary: "List replenishment requests",
          description: "`status` takes a comma-separated list. Keyset paging: pass `next` back as `after`.",
          querystring: z.object({
            status: z
              .string()
              .max(100)
              .optional()
              .refine(
                (s) => !s || s.split(",").every((x) => (statuses as readonly string[]).includes(x)),
                `must be a comma-separated list of ${statuses.join(", ")}`,
              ),
            sku: z.string().min(1).max(64).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            after: z.string().max(64).optional(),
          }),
          response: {
            200: z.object({ items: z.array(replenishmentSchema), next: z.string().nullable() }),
            ...problems(400, 401, 403),
          },
        },
      },
      async (req) => {
        const { items, next } = await listReplenishments(ctx.db, {
          ...req.query,
          status: req.query.status?.split(",") as (typeof statuses)[number][] | undefined,
        });
        return { items: items.map(toJson), next };
      },
    );

    app.patch(
      "/admin/inventory/replenishments/:replenishmentId",
      {
        config: { scope: "inventory:write" },
        schema: {
          ...admin,
          summary: "Mark a replenishment request ordered or cancelled, or change it",
          params,
          body: z.object({
            status: z.enum(["ordered", "cancelled"]).optional(),
            quantity: quantitySchema.optional(),
            supplier: z.string().min(1).max(200).nullable().optional(),
            locationId: z.string().min(1).max(64).optional(),
          }),
          response: { 200: replenishmentSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) =>
        sendResult(
          reply,
          asJson(
            await updateReplenishment(
              ctx.db,
              req.params.replenishmentId as string,
              req.body,
              ctx.clock.now(),
            ),
          ),
        ),
    );

    app.post(
      "/admin/inventory/replenishments/:replenishmentId/receive",
      {
        config: { scope: "inventory:write" },
        schema: {
          ...admin,
          summary: "Receive the goods of a replenishment request",
          description:
            "Adds `quantity` (default: the requested quantity) on hand at the request's location with a `received` " +
            "ledger entry, fills backorders first, and closes the request. Once only: a second receipt is refused (409).",
          params,
          body: z.object({ quantity: quantitySchema.optional() }).default({}),
          response: { 200: replenishmentSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) =>
        sendResult(
          reply,
          asJson(
            await receiveReplenishment(
              ctx.db,
              req.params.replenishmentId as string,
              req.body,
              ctx.clock.now(),
            ),
          ),
        ),
    );
  };
