import { pino } from "pino";
import { type App, type AppOverrides, createApp } from "../../src/app/app.ts";
import { loadConfig } from "../../src/app/config.ts";
import { seedDemo } from "../../src/app/seed-demo.ts";
import { type DatabaseKind, openTestDatabase } from "./database.ts";

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on them.
type Json = any;

export interface TestApp extends App {
  apiKey: string;
  /** JSON request through the whole HTTP stack (fastify.inject: no sockets). */
  call(
    method: string,
    url: string,
    options?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: Json; headers: Record<string, unknown> }>;
}

/**
 * A full app on a fresh database of `kind` (or on `overrides.database`, which it then closes),
 * seeded with the demo catalog.
 */
export async function startTestApp(
  kind: DatabaseKind,
  overrides: AppOverrides = {},
  env: Record<string, string> = {},
): Promise<TestApp> {
  const database = overrides.database ?? (await openTestDatabase(kind));
  const config = loadConfig({ LOG_LEVEL: "silent", ...env });
  const app = await createApp(config, { log: pino({ level: "silent" }), ...overrides, database });
  const { apiKey } = await seedDemo(app.ctx);
  return {
    ...app,
    apiKey: apiKey!,
    async close() {
      await app.close();
      await database.close();
    },
    async call(method, url, options = {}) {
      const res = await app.server.inject({
        method: method as "GET",
        url,
        headers: {
          ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
          ...options.headers,
        },
        ...(options.body !== undefined
          ? { payload: typeof options.body === "string" ? options.body : JSON.stringify(options.body) }
          : {}),
      });
      const text = res.body;
      return { status: res.statusCode, body: text ? safeJson(text) : undefined, headers: res.headers };
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const address = {
  firstName: "Ada",
  lastName: "Lovelace",
  line1: "12 Main St",
  city: "Springfield",
  region: "IL",
  postalCode: "62701",
  country: "US",
};

/** Walks a shopper from an empty cart to the review step: 2 lines, email, address, standard shipping. */
export async function readyCart(
  app: TestApp,
  options: { currency?: string; lines?: { sku: string; quantity: number }[] } = {},
) {
  const created = await app.call("POST", "/store/carts", { body: { currency: options.currency ?? "USD" } });
  const { token, cart } = created.body as { token: string; cart: { id: string } };
  const headers = { "x-cart-token": token };
  for (const line of options.lines ?? [
    { sku: "TEE-M", quantity: 2 },
    { sku: "MUG-350", quantity: 1 },
  ]) {
    const res = await app.call("POST", `/store/carts/${cart.id}/lines`, { headers, body: line });
    if (res.status !== 200) throw new Error(`add line failed: ${JSON.stringify(res.body)}`);
  }
  await app.call("PUT", `/store/carts/${cart.id}/contact`, { headers, body: { email: "ada@example.com" } });
  await app.call("PUT", `/store/carts/${cart.id}/shipping-address`, { headers, body: address });
  const options_ = await app.call("GET", `/store/carts/${cart.id}/shipping-options`, { headers });
  const standard = (options_.body as { id: string; code: string }[]).find((o) => o.code === "standard")!;
  const final = await app.call("PUT", `/store/carts/${cart.id}/shipping-method`, {
    headers,
    body: { methodId: standard.id },
  });
  return { cartId: cart.id, token, headers, cart: final.body };
}
