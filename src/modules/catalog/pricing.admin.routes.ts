import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { idParam, problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import {
  fxRateInput,
  isoCurrency,
  priceRuleInput,
  priceRuleSchema,
  roundingInput,
  toPriceRuleJson,
} from "./catalog.admin.schemas.ts";
import { deleteFxRate, listFxRates, listRoundingRules, setFxRate, setRoundingRule } from "./fx-rates.ts";
import { createPriceRule, deletePriceRule, listPriceRules } from "./price-rules.ts";

const security = [{ apiKey: [] }];
const read = { scope: "catalog:read" };
const write = { scope: "catalog:write" };
const currencyParam = z.object({ currency: isoCurrency });
const fxRateSchema = z
  .object({ currency: z.string(), rate: z.string(), updatedAt: z.string() })
  .meta({ id: "FxRate", example: { currency: "EUR", rate: "0.92", updatedAt: "2026-06-01T14:00:00.000Z" } });
const roundingSchema = z
  .object({ currency: z.string(), increment: z.number().int(), ending: z.number().int(), mode: z.string() })
  .meta({ id: "CurrencyRounding", example: { currency: "EUR", increment: 100, ending: 99, mode: "up" } });
const date = (s: string | null | undefined) => (s ? new Date(s) : null);

/** Admin API: price rules (sales, tiers, group price lists, contract prices), FX rates, rounding. */
export const pricingAdminRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      "/admin/price-rules",
      {
        config: write,
        schema: {
          tags: ["admin"],
          summary: "Add a price rule: sale, volume tier, customer-group price or contract price",
          description:
            "Which rule wins is set by PRICE_PRECEDENCE (decision 016): `priority` is contract > group > sale > tier > base.",
          security,
          body: priceRuleInput,
          response: { 201: priceRuleSchema, ...problems(400, 401, 403, 422) },
        },
      },
      async (req, reply) => {
        const { startsAt, endsAt, ...rest } = req.body;
        const result = await createPriceRule(ctx, {
          ...rest,
          startsAt: date(startsAt),
          endsAt: date(endsAt),
        });
        return result.ok
          ? reply.code(201).send(toPriceRuleJson(result.value))
          : sendProblem(reply, result.failure);
      },
    );

    app.get(
      "/admin/price-rules",
      {
        config: read,
        schema: {
          tags: ["admin"],
          summary: "List price rules",
          security,
          querystring: z.object({ variantId: z.string().min(1).max(64).optional() }),
          response: { 200: z.object({ priceRules: z.array(priceRuleSchema) }), ...problems(400, 401, 403) },
        },
      },
      async (req) => ({ priceRules: (await listPriceRules(ctx.db, req.query)).map(toPriceRuleJson) }),
    );

    app.delete(
      "/admin/price-rules/:ruleId",
      {
        config: write,
        schema: {
          tags: ["admin"],
          summary: "Delete a price rule",
          security,
          params: idParam("ruleId"),
          response: { 204: z.null(), ...problems(401, 403, 404) },
        },
      },
      async (req, reply) => {
        const result = await deletePriceRule(ctx.db, req.params.ruleId as string);
        return result.ok ? reply.code(204).send(null) : sendProblem(reply, result.failure);
      },
    );

    app.get(
      "/admin/fx-rates",
      {
        config: read,
        schema: {
          tags: ["admin"],
          summary: "List exchange rates against the base currency",
          security,
          response: { 200: z.object({ rates: z.array(fxRateSchema) }), ...problems(401, 403) },
        },
      },
      async () => ({
        rates: (await listFxRates(ctx.db)).map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() })),
      }),
    );

    app.put(
      "/admin/fx-rates/:currency",
      {
        config: write,
        schema: {
          tags: ["admin"],
          summary: "Set the exchange rate of a currency against the base currency",
          description:
            "Variants without a price in this currency are sold at base price × rate, rounded by the currency's rule. " +
            "Carts pick the new rate up on their next read; a cart in checkout keeps the rate locked when it started.",
          security,
          params: currencyParam,
          body: fxRateInput,
          response: { 200: fxRateSchema, ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const at = ctx.clock.now();
        await setFxRate(ctx.db, req.params.currency, req.body.rate.trim(), at);
        return { currency: req.params.currency, rate: req.body.rate.trim(), updatedAt: at.toISOString() };
      },
    );

    app.delete(
      "/admin/fx-rates/:currency",
      {
        config: write,
        schema: {
          tags: ["admin"],
          summary: "Remove an exchange rate (converted prices stop being offered)",
          security,
          params: currencyParam,
          response: { 204: z.null(), ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) =>
        (await deleteFxRate(ctx.db, req.params.currency))
          ? reply.code(204).send(null)
          : sendProblem(reply, { code: "not_found", detail: `No rate for ${req.params.currency}.` }),
    );

    app.get(
      "/admin/currency-rounding",
      {
        config: read,
        schema: {
          tags: ["admin"],
          summary: "List rounding rules for converted prices",
          security,
          response: { 200: z.object({ rules: z.array(roundingSchema) }), ...problems(401, 403) },
        },
      },
      async () => ({ rules: await listRoundingRules(ctx.db) }),
    );

    app.put(
      "/admin/currency-rounding/:currency",
      {
        config: write,
        schema: {
          tags: ["admin"],
          summary: "Set how converted prices are rounded in a currency",
          description:
            "Converted prices land on k × increment + ending minor units: charm .99 is {increment: 100, ending: 99}, " +
            "whole units {increment: 100} (USD) or {increment: 1} (JPY), nearest 0.05 {increment: 5}.",
          security,
          params: currencyParam,
          body: roundingInput,
          response: { 200: roundingSchema, ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        await setRoundingRule(ctx.db, req.params.currency, req.body);
        return { currency: req.params.currency, ...req.body };
      },
    );
  };
