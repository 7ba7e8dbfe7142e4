import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem, sendResult } from "../../http/problem.ts";
import { idParam, moneySchema, problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { checkGiftCardBalance, getGiftCardWithLedger } from "./find-gift-card.ts";
import { issueGiftCard } from "./issue-gift-card.ts";
import {
  giftCardSchema,
  ledgerEntrySchema,
  newGiftCardSchema,
  toGiftCardJson,
  toLedgerJson,
} from "./promotions.schemas.ts";

/** Admin API: issue gift cards and store credit, read a card with its ledger. */
export const giftCardsAdminRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      "/admin/gift-cards",
      {
        config: { scope: "promotions:write" },
        schema: {
          tags: ["admin"],
          summary: "Issue a gift card or store credit",
          description: "The response holds the code. It is stored only as a hash and cannot be shown again.",
          security: [{ apiKey: [] }],
          body: newGiftCardSchema,
          response: {
            201: giftCardSchema
              .extend({ code: z.string().describe("Give this to the recipient; shown once.") })
              .meta({ id: "IssuedGiftCard", example: { code: "GC-7KQ2-M9XD-3HTR-WP4B" } }),
            ...problems(400, 401, 403, 422),
          },
        },
      },
      async (req, reply) => {
        const { amount, expiresAt, ...rest } = req.body;
        const issued = await issueGiftCard(
          ctx.db,
          { ...rest, amount, expiresAt: expiresAt ? new Date(expiresAt) : undefined },
          ctx.clock.now(),
        );
        if (!issued.ok) return sendResult(reply, issued);
        return reply.code(201).send({ ...toGiftCardJson(issued.value.card), code: issued.value.code });
      },
    );

    app.get(
      "/admin/gift-cards/:giftCardId",
      {
        config: { scope: "promotions:read" },
        schema: {
          tags: ["admin"],
          summary: "Read a gift card and its ledger",
          description: "balance = initial + credits + releases − holds; captures make holds final.",
          security: [{ apiKey: [] }],
          params: idParam("giftCardId"),
          response: {
            200: giftCardSchema
              .extend({ ledger: z.array(ledgerEntrySchema) })
              .meta({ id: "GiftCardWithLedger" }),
            ...problems(401, 403, 404),
          },
        },
      },
      async (req, reply) => {
        const found = await getGiftCardWithLedger(ctx.db, req.params.giftCardId as string);
        if (!found) return sendProblem(reply, { code: "not_found", detail: "No such gift card." });
        return {
          ...toGiftCardJson(found.card),
          ledger: found.ledger.map((e) => toLedgerJson(e, found.card.currency)),
        };
      },
    );
  };

/** Store API: the balance of a card, for whoever holds its code. */
export const giftCardsStoreRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/store/gift-cards/balance",
      {
        schema: {
          tags: ["store"],
          summary: "Check a gift card balance",
          description:
            "Unknown and disabled cards both answer 404 not_found, so a guess learns nothing else. " +
            "Codes have 80 random bits; the lookup is one indexed equality on a hash of the code.",
          querystring: z.object({ code: z.string().trim().min(4).max(64) }),
          response: {
            200: z
              .object({
                balance: moneySchema,
                status: z.enum(["active", "expired"]),
                expiresAt: z.string().nullable(),
              })
              .meta({
                id: "GiftCardBalance",
                example: { balance: { amount: 3250, currency: "EUR" }, status: "active", expiresAt: null },
              }),
            ...problems(400, 404),
          },
        },
      },
      async (req, reply) => {
        const found = await checkGiftCardBalance(ctx.db, req.query.code, ctx.clock.now());
        if (!found) return sendProblem(reply, { code: "not_found", detail: "No gift card has this code." });
        reply.header("cache-control", "no-store");
        return { ...found, expiresAt: found.expiresAt?.toISOString() ?? null };
      },
    );
  };
