import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { currencyCodeSchema, moneySchema, problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { listActiveProducts } from "./catalog.repository.ts";

const productSchema = z
  .object({
    id: z.string(),
    handle: z.string(),
    title: z.string(),
    description: z.string(),
    variants: z.array(
      z.object({
        id: z.string(),
        sku: z.string(),
        title: z.string(),
        options: z.record(z.string(), z.string()),
        price: moneySchema.nullable().describe("Null when the variant is not sold in this currency."),
      }),
    ),
  })
  .meta({ id: "Product" });

/** Store API: the catalog as a shopper sees it, priced in their currency. */
export const catalogStoreRoutes =
  (ctx: Context & { currencies: readonly string[] }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/store/products",
      {
        schema: {
          tags: ["store"],
          summary: "List products with prices in a currency",
          querystring: z.object({ currency: currencyCodeSchema.optional() }),
          response: {
            200: z.object({ currency: z.string(), products: z.array(productSchema) }),
            ...problems(400, 422),
          },
        },
      },
      async (req, reply) => {
        const currency = req.query.currency ?? ctx.currencies[0]!;
        if (!ctx.currencies.includes(currency)) {
          return sendProblem(reply, {
            code: "unsupported_currency",
            detail: `${currency} is not sold in; use one of ${ctx.currencies.join(", ")}.`,
          });
        }
        const listings = await listActiveProducts(ctx.db, currency);
        return {
          currency,
          products: listings.map((p) => ({
            ...p,
            variants: p.variants.map((v) => ({
              ...v,
              price: v.price === null ? null : { amount: v.price, currency },
            })),
          })),
        };
      },
    );
  };
