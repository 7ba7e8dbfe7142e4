import { allScopes, createApiKey, hasAnyApiKey } from "../modules/api-keys/index.ts";
import {
  createProduct,
  listActiveProducts,
  type NewProduct,
  setProductRelations,
} from "../modules/catalog/index.ts";
import { receiveStock } from "../modules/inventory/index.ts";
import {
  addHolidays,
  addPickupLocation,
  createShippingMethod,
  createZone,
  setWarehouse,
} from "../modules/shipping/index.ts";
import type { Context } from "../shared/context.ts";
import type { Result } from "../shared/failure.ts";
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
  if ((await listActiveProducts(ctx.db)).length === 0) {
    const ids = new Map<string, string>();
    for (const { stock, ...product } of demoProducts) {
      const created = await createProduct(ctx.db, product, at);
      ids.set(product.handle, created.id);
      for (const v of created.variants) await receiveStock(ctx.db, v.sku, stock, at);
    }
    // Related products, so the cart drawer has something to suggest.
    const id = (handle: string) => ids.get(handle) ?? "";
    for (const [handle, relations] of Object.entries(demoRelations)) {
      const related = Object.fromEntries(
        Object.entries(relations).map(([kind, handles]) => [kind, handles.map(id)]),
      );
      must(await setProductRelations(ctx, id(handle), related));
    }
    await seedShipping(ctx);
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

const demoRelations: Record<string, Record<"accessory" | "frequently_bought_together", string[]>> = {
  "organic-tee": { accessory: ["sticker-pack"], frequently_bought_together: ["enamel-mug"] },
  "trail-hoodie": { accessory: ["sticker-pack"], frequently_bought_together: ["organic-tee"] },
  "enamel-mug": { accessory: ["sticker-pack"], frequently_bought_together: [] },
};

const must = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`Demo seed refused: ${result.failure.detail}`);
  return result.value;
};

/**
 * Zones and rates of the demo store, shipping from New York: Standard (free over $150 / €140
 * in the US and the EU, an Alaska/Hawaii surcharge, by weight to the rest of the world),
 * Express, Overnight (mainland US only, cheaper on bigger orders) and pickup in Brooklyn.
 */
async function seedShipping(ctx: Context): Promise<void> {
  const zone = async (
    code: string,
    name: string,
    countries: string[],
    extra: { regions?: string[]; excludedRegions?: string[] } = {},
  ) =>
    must(
      await createZone(ctx.db, {
        code,
        name,
        countries,
        regions: extra.regions ?? [],
        excludedRegions: extra.excludedRegions ?? [],
        postalCodes: [],
        excludedPostalCodes: [],
      }),
    );
  await zone("us", "United States", ["US"]);
  await zone("us-remote", "Alaska and Hawaii", ["US"], { regions: ["US-AK", "US-HI"] });
  await zone("us-mainland", "Mainland United States", ["US"], { excludedRegions: ["US-AK", "US-HI"] });
  await zone("ca", "Canada", ["CA"]);
  await zone("uk", "United Kingdom", ["GB"]);
  await zone("eu", "European Union", eu);
  await zone("world", "Rest of the world", ["*"]);
  const flat = (usd: number, eur: number, zone: string) => [
    { zone, currency: "USD", rate: { type: "flat" as const, amount: usd } },
    { zone, currency: "EUR", rate: { type: "flat" as const, amount: eur } },
  ];
  const freeOver = (currency: string, amount: number, threshold: number, zone: string) => ({
    zone,
    currency,
    rate: { type: "free_over" as const, amount, threshold },
  });
  const byWeight = (currency: string, amounts: [number, number, number]) => ({
    zone: "world",
    currency,
    rate: {
      type: "weight_tiers" as const,
      tiers: [
        { maxGrams: 500, amount: amounts[0] },
        { maxGrams: 2000, amount: amounts[1] },
        { maxGrams: 10_000, amount: amounts[2] },
      ],
    },
  });
  must(
    await createShippingMethod(ctx.db, {
      code: "standard",
      name: "Standard",
      minTransitDays: 3,
      maxTransitDays: 6,
      rates: [
        freeOver("USD", 500, 15_000, "us"),
        freeOver("EUR", 490, 14_000, "us"),
        ...flat(1500, 1390, "us-remote"),
        ...flat(500, 490, "ca"),
        ...flat(500, 490, "uk"),
        { zone: "eu", currency: "USD", rate: { type: "flat", amount: 500 } },
        freeOver("EUR", 490, 14_000, "eu"),
        byWeight("USD", [1900, 2900, 4900]),
        byWeight("EUR", [1790, 2690, 4590]),
      ],
    }),
  );
  must(
    await createShippingMethod(ctx.db, {
      code: "express",
      name: "Express",
      minTransitDays: 1,
      maxTransitDays: 2,
      rates: [
        ...flat(1500, 1390, "us"),
        ...flat(3500, 3290, "us-remote"),
        ...flat(1500, 1390, "ca"),
        ...flat(1500, 1390, "uk"),
        ...flat(1500, 1390, "eu"),
      ],
    }),
  );
  must(
    await createShippingMethod(ctx.db, {
      code: "overnight",
      name: "Overnight",
      minTransitDays: 1,
      maxTransitDays: 1,
      maxWeightGrams: 5000,
      rates: [
        {
          zone: "us-mainland",
          currency: "USD",
          rate: {
            type: "value_tiers",
            tiers: [
              { minSubtotal: 0, amount: 2900 },
              { minSubtotal: 10_000, amount: 1900 },
            ],
          },
        },
      ],
    }),
  );
  const pickup = must(
    await createShippingMethod(ctx.db, {
      code: "pickup",
      name: "Store pickup",
      kind: "pickup",
      minTransitDays: 0,
      maxTransitDays: 0,
    }),
  );
  const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "10:00", closes: "19:00" }));
  must(
    await addPickupLocation(ctx.db, pickup.id, {
      name: "Cartwright Brooklyn",
      address: { line1: "10 Jay St", city: "Brooklyn", region: "NY", postalCode: "11201", country: "US" },
      timeZone: "America/New_York",
      openingHours: [...weekdays, { weekday: 6, opens: "11:00", closes: "17:00" }],
      readyInDays: 1,
    }),
  );
}
