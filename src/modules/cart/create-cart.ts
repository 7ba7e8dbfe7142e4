import { sql } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import { preparedQuery } from "../../shared/db/prepared-query.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId, newSecret } from "../../shared/ids.ts";
import type { PriceSettings } from "../catalog/index.ts";
import type { TaxSettings } from "../tax/index.ts";
import { hashCartToken } from "./cart.repository.ts";
import { type PricedCart, priceCart } from "./price-cart.ts";
import { carts } from "./schema.ts";

/** Creates an empty cart and returns it with its token, the only key to it (G16). */
export async function createCart(
  ctx: Context & { currencies: readonly string[]; tax: TaxSettings; prices?: PriceSettings | undefined },
  input: { currency?: string | undefined },
): Promise<Result<{ cart: PricedCart; token: string }>> {
  const currency = input.currency ?? ctx.currencies[0]!;
  if (!ctx.currencies.includes(currency)) {
    return fail(
      "unsupported_currency",
      `${currency} is not sold in; use one of ${ctx.currencies.join(", ")}.`,
    );
  }
  const token = newSecret("ct");
  const now = ctx.clock.now();
  const [row] = await insertCart(ctx.db).execute({
    id: newId("cart"),
    tokenHash: hashCartToken(token),
    currency,
    now,
  });
  // A cart just created has no lines: nothing to read.
  return ok({
    cart: await priceCart(ctx.db, row!, { tax: ctx.tax, prices: ctx.prices, at: now }, []),
    token,
  });
}

const insertCart = preparedQuery((db) =>
  db
    .insert(carts)
    .values({
      id: sql.placeholder("id"),
      tokenHash: sql.placeholder("tokenHash"),
      currency: sql.placeholder("currency"),
      createdAt: sql.placeholder("now"),
      updatedAt: sql.placeholder("now"),
    })
    .returning()
    .prepare("cart_insert"),
);
