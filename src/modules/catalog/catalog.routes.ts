import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { currencyCodeSchema, moneySchema, problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { getStockStatus, type StockStatus } from "../inventory/index.ts";
import { listActiveProducts } from "./catalog.repository.ts";
import { findCategoryTree } from "./categories.ts";
import type { PriceSettings } from "./price-variants.ts";
import { findPublicPrices } from "./public-prices.ts";

/** Largest page, also the default: the storefront lists a small catalog in one call. */
const maxPage = 100;

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
        price: moneySchema
          .nullable()
          .describe(
            "What one unit costs now in this currency, as a cart charges it: the variant's own price " +
              "there (with a running sale), or the base currency's converted at the current rate and " +
              "rounding. Null when it has neither a price nor a rate for this currency.",
          ),
        stock: z
          .object({
            status: z.enum(["in_stock", "backorder", "out_of_stock"]),
            expectedOn: z
              .string()
              .nullable()
              .describe("For `backorder`: when units are expected (YYYY-MM-DD); null when not known."),
          })
          .describe("`backorder`: none in stock, but it can be ordered now and ships when stock arrives."),
      }),
    ),
  })
  .meta({ id: "Product" });

/** Store API: the catalog as a shopper sees it, priced in their currency. */
export const catalogStoreRoutes =
  (
    ctx: Context & { currencies: readonly string[]; prices?: PriceSettings | undefined },
  ): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/store/products",
      {
        schema: {
          tags: ["store"],
          summary: "List or search products with prices in a currency",
          description:
            "Active products ordered by title. `q` searches the title, the description and the SKUs, " +
            "case-insensitive; `%`, `_` and quotes in it are matched as typed. Filters combine (AND). " +
            "Pages: pass the `next` of one answer as `after` to get the following page.",
          querystring: z.object({
            currency: currencyCodeSchema.optional(),
            q: z
              .string()
              .trim()
              .min(1)
              .max(100)
              .optional()
              .describe("Part of a product's title, description or SKU, case-insensitive.")
              .meta({ example: "mug" }),
            category: z
              .string()
              .min(1)
              .max(64)
              .optional()
              .describe("A category handle or id: products filed in it or in any category below it.")
              .meta({ example: "kitchen" }),
            limit: z.coerce
              .number()
              .int()
              .min(1)
              .max(maxPage)
              .default(maxPage)
              .describe(`Products per page (at most ${maxPage}).`),
            after: z
              .string()
              .min(1)
              .max(64)
              .optional()
              .describe("The `next` of the previous page: list the products after it."),
          }),
          response: {
            200: z.object({
              currency: z.string(),
              currencies: z
                .array(z.string())
                .describe("Every currency the store sells in, the default first (for a currency picker).")
                .meta({ example: ["USD", "EUR", "JPY"] }),
              products: z.array(productSchema),
              next: z
                .string()
                .nullable()
                .describe("Send as `after` for the next page; null on the last page."),
            }),
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
        const { q, category, limit, after } = req.query;
        const categoryIds = category ? await findCategoryTree(ctx.db, category) : undefined;
        if (category && !categoryIds) {
          return sendProblem(reply, {
            code: "category_not_found",
            detail: `No category ${category}.`,
            errors: [{ field: "category", code: "category_not_found", message: `no category ${category}` }],
          });
        }
        // One more than asked tells whether another page follows.
        const found = await listActiveProducts(ctx.db, {
          search: q,
          categoryIds,
          after,
          limit: limit + 1,
        });
        const listings = found.slice(0, limit);
        const variants = listings.flatMap((p) => p.variants);
        const [prices, stock] = await Promise.all([
          findPublicPrices(
            ctx.db,
            variants.map((v) => v.id),
            currency,
            ctx.prices,
            ctx.clock.now(),
          ),
          getStockStatus(
            ctx.db,
            variants.map((v) => v.sku),
          ),
        ]);
        return {
          currency,
          currencies: [...ctx.currencies],
          products: listings.map((p) => ({
            ...p,
            variants: p.variants.map((v) => ({
              ...v,
              price: priceIn(prices.get(v.id), currency),
              stock: stockOf(stock.get(v.sku)),
            })),
          })),
          next: found.length > limit ? listings.at(-1)!.id : null,
        };
      },
    );
  };

const priceIn = (amount: number | undefined, currency: string) =>
  amount === undefined ? null : { amount, currency };

/** What a shopper is told: in stock, orderable on backorder (with its date), or out of stock. */
function stockOf(s: StockStatus | undefined) {
  if (s && s.available > 0) return { status: "in_stock" as const, expectedOn: null };
  if (s?.backorder.allowed && s.backorder.remaining !== 0)
    return { status: "backorder" as const, expectedOn: s.backorder.expectedOn };
  return { status: "out_of_stock" as const, expectedOn: null };
}
