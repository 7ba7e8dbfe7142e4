import type { FastifyReply } from "fastify";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import type { Failure, Result } from "../../shared/failure.ts";
import type { PriceSettings } from "../catalog/index.ts";
import type { TaxSettings } from "../tax/index.ts";
import { type CartLineRow, type CartRow, findCartWithLines } from "./cart.repository.ts";
import { cartSchema, toCartJson } from "./cart.schemas.ts";
import { priceCart } from "./price-cart.ts";
import type { OfferedPaymentMethod } from "./set-checkout-details.ts";

// What every cart route shares: headers, params, responses, and how a change is answered.

export const cartTokenHeaders = z.object({
  "x-cart-token": z.string().min(10).max(200).describe("The token returned when the cart was created."),
});
/** Mutations: the token, and optionally the version the client last saw (optimistic concurrency). */
export const cartChangeHeaders = cartTokenHeaders.extend({
  "if-match": z
    .string()
    .regex(/^(W\/)?"?\d{1,9}"?$/, 'must be the cart version as an entity tag, e.g. "7"')
    .optional()
    .describe(
      'The cart `version` last read (also sent as ETag), e.g. "7"; stale: 412 cart_version_conflict.',
    ),
});
export const cartParams = z.object({ cartId: z.string().min(1).max(64) });
export const lineParams = cartParams.extend({ lineId: z.string().min(1).max(64) });
export const cartResponses = { 200: cartSchema, ...problems(400, 404, 409, 410, 412, 422) };

/**
 * Suggestions cost about seven queries, so they are worked out only where they are shown: cart
 * reads, and the changes made from the cart drawer (lines, codes, gift card), whose response the
 * storefront shows in it. Checkout steps leave them out unless asked.
 */
export const suggestionsQuery = (byDefault: boolean) =>
  z.object({
    suggestions: z
      .enum(["true", "false"])
      .optional()
      .describe(`Include \`suggestions\` (default ${byDefault}); empty when false.`),
  });
export const wants = (query: { suggestions?: "true" | "false" | undefined }, byDefault: boolean) =>
  query.suggestions === undefined ? byDefault : query.suggestions === "true";

export type CartRoutesContext = Context & {
  currencies: readonly string[];
  tax: TaxSettings;
  prices?: PriceSettings | undefined;
  /** The payment methods the store offers now (its enabled providers). */
  paymentMethods: () => readonly OfferedPaymentMethod[];
};

/** Prices and answers carts for the routes of one plugin; `access` is one object per request. */
export function cartResponder(ctx: CartRoutesContext) {
  const pricing = () => ({ tax: ctx.tax, prices: ctx.prices, at: ctx.clock.now() });
  /** `lines`: the cart's lines when read with it (else priceCart reads them). */
  const price = async (
    cart: CartRow,
    reply: FastifyReply,
    suggestions: boolean,
    lines?: readonly CartLineRow[],
  ) => {
    const json = toCartJson(await priceCart(ctx.db, cart, { ...pricing(), suggestions }, lines));
    reply.header("etag", `"${json.version}"`);
    return json;
  };
  /**
   * Prices the cart as the change left it (handed over by changeOpenCart on commit, with its
   * lines when they came with it; re-read only if the change did not say), or sends the
   * change's failure.
   */
  const respond = async (
    reply: FastifyReply,
    access: {
      cartId: string;
      token: string;
      changed?: CartRow | undefined;
      changedLines?: CartLineRow[] | undefined;
    },
    change: Result<unknown>,
    suggestions: boolean,
  ) => {
    if (!change.ok) return sendProblem(reply, change.failure as Failure);
    if (access.changed) return price(access.changed, reply, suggestions, access.changedLines);
    const read = await findCartWithLines(ctx.db, access.cartId, access.token);
    return read.ok
      ? price(read.value.cart, reply, suggestions, read.value.lines)
      : sendProblem(reply, read.failure);
  };
  /** One per request: the same object goes to the change and to `respond`. */
  const accesses = new WeakMap<object, ReturnType<typeof newAccess>>();
  const newAccess = (req: {
    params: { cartId: string };
    headers: { "x-cart-token": string; "if-match"?: string | undefined };
  }) => {
    const made: {
      cartId: string;
      token: string;
      expectedVersion: number | undefined;
      changed?: CartRow | undefined;
      changedLines?: CartLineRow[] | undefined;
      onChanged(cart: CartRow, lines: CartLineRow[] | undefined): void;
    } = {
      cartId: req.params.cartId,
      token: req.headers["x-cart-token"],
      expectedVersion: req.headers["if-match"]
        ? Number(req.headers["if-match"].replace(/\D/g, ""))
        : undefined,
      onChanged(cart, lines) {
        made.changed = cart;
        made.changedLines = lines;
      },
    };
    return made;
  };
  const access = (req: Parameters<typeof newAccess>[0]) => {
    let found = accesses.get(req);
    if (!found) {
      found = newAccess(req);
      accesses.set(req, found);
    }
    return found;
  };
  return { pricing, price, respond, access };
}
