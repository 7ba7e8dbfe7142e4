import { allScopes, createApiKey, hasAnyApiKey } from "../modules/api-keys/index.ts";
import { createProduct, listActiveProducts, type NewProduct } from "../modules/catalog/index.ts";
import { receiveStock } from "../modules/inventory/index.ts";
import { addHolidays, createShippingMethod, setWarehouse } from "../modules/shipping/index.ts";
import type { Context } from "../shared/context.ts";
import { demoHolidays } from "./demo-holidays.ts";

const eu = ["AT", "BE", "DE", "DK", "ES", "FI", "FR", "IE", "IT", "LU", "NL", "PL", "PT", "SE"];

export const demoProducts: (NewProduct & { stock: number })[] = [
  {
    handle: "organic-tee",
    title: "Organic Cotton Tee",
    description: "Heavyweight organic cotton, cut and sewn in Portugal.",
    stock: 40,
    variants: ["S", "M", "L"].map((size) => ({
      sku: `TEE-${size}`,
      title: size,
      options: { size },
      weightGrams: 220,
      prices: { USD: 2800, EUR: 2600 },
    })),
  },
  {
    handle: "trail-hoodie",
    title: "Trail Hoodie",
    description: "Brushed fleece hoodie with a two-way zip.",
    stock: 15,
    variants: ["Forest", "Slate"].map((colour) => ({
      sku: `HOODIE-${colour.toUpperCase()}`,
      title: colour,
      options: { colour },
      weightGrams: 650,
      prices: { USD: 7900, EUR: 7400 },
    })),
  },
  {
    handle: "enamel-mug",
    title: "Enamel Camp Mug",
    description: "350 ml steel mug with an enamel finish.",
    stock: 100,
    variants: [{ sku: "MUG-350", title: "", weightGrams: 300, prices: { USD: 1800, EUR: 1650 } }],
  },
  {
    handle: "sticker-pack",
    title: "Sticker Pack",
    description: "Five weatherproof vinyl stickers.",
    stock: 500,
    variants: [{ sku: "STICKERS-5", title: "", weightGrams: 20, prices: { USD: 600, EUR: 550 } }],
  },
];

/**
 * Seeds the demo store on an empty database: products, stock, shipping methods and one Admin
 * API key, whose secret is returned (to be printed once). Does nothing on a seeded database.
 */
export async function seedDemo(ctx: Context): Promise<{ apiKey?: string }> {
  const at = ctx.clock.now();
  if ((await listActiveProducts(ctx.db, "USD")).length === 0) {
    for (const { stock, ...product } of demoProducts) {
      const created = await createProduct(ctx.db, product, at);
      for (const v of created.variants) await receiveStock(ctx.db, v.sku, stock, at);
    }
    await createShippingMethod(ctx.db, {
      code: "standard",
      name: "Standard",
      countries: ["US", "CA", "GB", ...eu],
      minTransitDays: 3,
      maxTransitDays: 6,
      rates: { USD: 500, EUR: 490 },
    });
    await createShippingMethod(ctx.db, {
      code: "express",
      name: "Express",
      countries: ["US", "CA", "GB", ...eu],
      minTransitDays: 1,
      maxTransitDays: 2,
      rates: { USD: 1500, EUR: 1390 },
    });
    // Delivery estimates start from a warehouse in New York: one day to pack, 14:00 cut-off.
    await setWarehouse(ctx.db, {
      country: "US",
      timeZone: "America/New_York",
      processingDays: 1,
      cutoffTime: "14:00",
    });
    for (const [country, holidays] of Object.entries(demoHolidays))
      await addHolidays(ctx.db, country, holidays);
  }
  if (await hasAnyApiKey(ctx.db)) return {};
  const key = await createApiKey(ctx.db, { name: "Demo admin key", scopes: allScopes }, at);
  return { apiKey: key.secret };
}
