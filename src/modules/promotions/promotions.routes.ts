import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendResult } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { createPromotion } from "./create-promotion.ts";
import { listPromotions } from "./promotions.repository.ts";
import { newPromotionSchema, promotionSchema, toPromotionJson } from "./promotions.schemas.ts";

/** Admin API: create and list promotions. */
export const promotionsAdminRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      "/admin/promotions",
      {
        config: { scope: "promotions:write" },
        schema: {
          tags: ["admin"],
          summary: "Create a promotion",
          description:
            "Kinds: order_percentage, order_fixed, items_percentage, items_fixed, buy_x_get_y, free_shipping, " +
            "tiered. Fixed amounts are integer minor units per currency; rates are parts per million.",
          security: [{ apiKey: [] }],
          body: newPromotionSchema,
          response: { 201: promotionSchema, ...problems(400, 401, 403, 409) },
        },
      },
      async (req, reply) => {
        const { conditions, effect, startsAt, endsAt, ...rest } = req.body;
        const created = await createPromotion(
          ctx.db,
          {
            ...rest,
            rules: { conditions, effect },
            startsAt: startsAt ? new Date(startsAt) : undefined,
            endsAt: endsAt ? new Date(endsAt) : undefined,
          },
          ctx.clock.now(),
        );
        return sendResult(
          reply,
          created.ok ? { ok: true, value: toPromotionJson(created.value) } : created,
          201,
        );
      },
    );

    app.get(
      "/admin/promotions",
      {
        config: { scope: "promotions:read" },
        schema: {
          tags: ["admin"],
          summary: "List promotions, newest first",
          security: [{ apiKey: [] }],
          querystring: z.object({
            status: z.enum(["active", "disabled"]).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: z.object({ promotions: z.array(promotionSchema) }), ...problems(400, 401, 403) },
        },
      },
      async (req) => ({ promotions: (await listPromotions(ctx.db, req.query)).map(toPromotionJson) }),
    );
  };
