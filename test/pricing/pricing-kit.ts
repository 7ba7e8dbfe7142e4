import { receiveStock } from "../../src/modules/inventory/index.ts";
import type { TestApp } from "../support/app.ts";

let n = 0;
/** A unique suffix per call, so tests in one app never share handles or SKUs. */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${n++}`;

export const adminHeaders = (app: TestApp) => ({ authorization: `Bearer ${app.apiKey}` });

/** Creates an active product through the Admin API with one variant per price map, and stock. */
export async function createProduct(
  app: TestApp,
  variants: { prices: Record<string, number>; stock?: number }[],
  extra: Record<string, unknown> = {},
) {
  const handle = unique("p");
  const res = await app.call("POST", "/admin/products", {
    headers: adminHeaders(app),
    body: {
      handle,
      title: `Product ${handle}`,
      ...extra,
      variants: variants.map((v, i) => ({
        sku: `${handle}-${i}`.toUpperCase(),
        title: `V${i}`,
        prices: Object.entries(v.prices).map(([currency, amount]) => ({ currency, amount })),
      })),
    },
  });
  if (res.status !== 201) throw new Error(`create product failed: ${JSON.stringify(res.body)}`);
  // New SKUs are not tracked by inventory yet: receive their first stock through its front door.
  for (const [i, v] of variants.entries()) {
    const sku = res.body.variants.find((x: { title: string }) => x.title === `V${i}`).sku;
    if ((v.stock ?? 100) > 0) await receiveStock(app.ctx.db, sku, v.stock ?? 100, app.ctx.clock.now());
  }
  return res.body as {
    id: string;
    handle: string;
    variants: { id: string; sku: string; title: string }[];
  };
}

/** A fresh cart in `currency` with its token headers. */
export async function newCart(app: TestApp, currency = "USD") {
  const res = await app.call("POST", "/store/carts", { body: { currency } });
  if (res.status !== 201) throw new Error(`cart failed: ${JSON.stringify(res.body)}`);
  return {
    cartId: res.body.cart.id as string,
    headers: { "x-cart-token": res.body.token as string },
    cart: res.body.cart,
  };
}

export const addLine = (
  app: TestApp,
  cart: { cartId: string; headers: Record<string, string> },
  body: object,
  extra: Record<string, string> = {},
) => app.call("POST", `/store/carts/${cart.cartId}/lines`, { headers: { ...cart.headers, ...extra }, body });

export const readCart = (app: TestApp, cart: { cartId: string; headers: Record<string, string> }) =>
  app.call("GET", `/store/carts/${cart.cartId}`, { headers: cart.headers });
