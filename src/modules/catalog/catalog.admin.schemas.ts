import { z } from "zod";
import { currencyCodeSchema, moneySchema } from "../../http/schemas.ts";
import { isSupportedCurrency } from "../../shared/money/index.ts";
import { isValidRoundingRule, parseRate } from "./domain/convert-price.ts";
import type { ProductDetail } from "./manage-products.ts";
import type { PriceRuleRow } from "./price-rules.ts";

export const isoCurrency = currencyCodeSchema.refine(isSupportedCurrency, "is not an ISO 4217 currency");
const amount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe("Minor units.");
const handle = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lowercase words joined by hyphens, e.g. linen-shirt")
  .max(100);
const sku = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "must be 1-64 of A-Z, a-z, 0-9, . _ and -");
const dimensions = z
  .object({
    lengthMm: z.number().int().min(1).max(10_000),
    widthMm: z.number().int().min(1).max(10_000),
    heightMm: z.number().int().min(1).max(10_000),
  })
  .describe("Parcel size in millimetres.");
const taxCategory = z
  .string()
  .regex(/^[a-z_]{1,32}$/, "must be a tax category such as standard, reduced, books, food, exempt");
const images = z.array(z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).max(2000)).max(20);
const options = z.record(z.string().min(1).max(40), z.string().min(1).max(100));
const noDuplicateCurrencies = (l: { currency: string }[]) =>
  new Set(l.map((p) => p.currency)).size === l.length;

export const variantInput = z
  .object({
    sku,
    title: z.string().trim().max(200).default(""),
    options: options.optional(),
    weightGrams: z.number().int().min(0).max(1_000_000).optional(),
    dimensions: dimensions.nullable().optional(),
    taxCategory: taxCategory.optional(),
    status: z.enum(["active", "archived"]).optional(),
    prices: z
      .array(z.object({ amount, currency: isoCurrency }))
      .max(50)
      .refine(noDuplicateCurrencies, "lists a currency twice")
      .default([]),
  })
  .meta({
    example: {
      sku: "TEE-ORGANIC-M",
      title: "M",
      options: { size: "M", colour: "Forest" },
      weightGrams: 180,
      dimensions: { lengthMm: 300, widthMm: 250, heightMm: 20 },
      taxCategory: "standard",
      prices: [
        { amount: 2800, currency: "USD" },
        { amount: 2600, currency: "EUR" },
        { amount: 4200, currency: "JPY" },
      ],
    },
  });

export const productInput = z
  .object({
    handle,
    title: z.string().trim().min(1).max(200),
    description: z.string().max(10_000).optional(),
    status: z.enum(["active", "draft", "archived"]).optional(),
    images: images.optional(),
    categoryIds: z.array(z.string().min(1).max(64)).max(50).optional(),
    variants: z
      .array(variantInput)
      .min(1)
      .max(100)
      .refine((v) => new Set(v.map((x) => x.sku)).size === v.length, "lists a SKU twice"),
  })
  .meta({
    example: {
      handle: "organic-tee",
      title: "Organic cotton tee",
      description: "Heavyweight organic cotton.",
      status: "active",
      images: ["https://cdn.example.com/organic-tee.jpg"],
      categoryIds: ["cat_01JX91A2B3"],
      variants: [
        {
          sku: "TEE-ORGANIC-M",
          title: "M",
          options: { size: "M", colour: "Forest" },
          weightGrams: 180,
          dimensions: { lengthMm: 300, widthMm: 250, heightMm: 20 },
          taxCategory: "standard",
          prices: [
            { amount: 2800, currency: "USD" },
            { amount: 2600, currency: "EUR" },
            { amount: 4200, currency: "JPY" },
          ],
        },
      ],
    },
  });

export const productChanges = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(10_000).optional(),
    status: z.enum(["active", "draft", "archived"]).optional(),
    images: images.optional(),
    categoryIds: z.array(z.string().min(1).max(64)).max(50).optional().describe("Replaces the categories."),
  })
  .meta({
    example: { title: "Organic cotton tee (heavyweight)", status: "active", categoryIds: ["cat_01JX91A2B3"] },
  });

export const variantChanges = z
  .object({
    sku: sku.optional(),
    title: z.string().trim().max(200).optional(),
    options: options.optional(),
    weightGrams: z.number().int().min(0).max(1_000_000).optional(),
    dimensions: dimensions.nullable().optional(),
    taxCategory: taxCategory.optional(),
    status: z.enum(["active", "archived"]).optional(),
    prices: z
      .array(
        z.object({ amount: amount.nullable().describe("null: no longer sold in it"), currency: isoCurrency }),
      )
      .max(50)
      .refine(noDuplicateCurrencies, "lists a currency twice")
      .optional()
      .describe("Sets the price in each currency listed; others keep theirs."),
  })
  .meta({
    example: {
      weightGrams: 190,
      prices: [
        { amount: 2900, currency: "USD" },
        { amount: null, currency: "JPY" },
      ],
    },
  });

export const productDetailSchema = z
  .object({
    id: z.string(),
    handle: z.string(),
    title: z.string(),
    description: z.string(),
    status: z.enum(["active", "draft", "archived"]),
    images: z.array(z.string()),
    categoryIds: z.array(z.string()),
    relations: z.array(
      z.object({ productId: z.string(), kind: z.enum(["accessory", "frequently_bought_together"]) }),
    ),
    variants: z.array(
      z.object({
        id: z.string(),
        sku: z.string(),
        title: z.string(),
        options: z.record(z.string(), z.string()),
        weightGrams: z.number().int(),
        dimensions: dimensions.nullable(),
        taxCategory: z.string(),
        status: z.enum(["active", "archived"]),
        prices: z.array(moneySchema),
      }),
    ),
    createdAt: z.string(),
  })
  .meta({
    id: "AdminProduct",
    example: {
      id: "prod_01JX91C4D5",
      handle: "organic-tee",
      title: "Organic cotton tee",
      description: "Heavyweight organic cotton.",
      status: "active",
      images: ["https://cdn.example.com/organic-tee.jpg"],
      categoryIds: ["cat_01JX91A2B3"],
      relations: [{ productId: "prod_01JX91E6F7", kind: "accessory" }],
      variants: [
        {
          id: "var_01JX91G8H9",
          sku: "TEE-ORGANIC-M",
          title: "M",
          options: { size: "M", colour: "Forest" },
          weightGrams: 180,
          dimensions: { lengthMm: 300, widthMm: 250, heightMm: 20 },
          taxCategory: "standard",
          status: "active",
          prices: [
            { amount: 2800, currency: "USD" },
            { amount: 2600, currency: "EUR" },
          ],
        },
      ],
      createdAt: "2026-05-01T09:00:00.000Z",
    },
  });

export const toProductJson = (p: ProductDetail) => ({ ...p, createdAt: p.createdAt.toISOString() });

export const categorySchema = z
  .object({ id: z.string(), handle: z.string(), name: z.string(), parentId: z.string().nullable() })
  .meta({
    id: "Category",
    example: { id: "cat_01JX91A2B3", handle: "t-shirts", name: "T-shirts", parentId: "cat_01JX91A0A0" },
  });

export const priceRuleInput = z
  .object({
    variantId: z.string().min(1).max(64),
    currency: isoCurrency,
    kind: z.enum(["sale", "tier", "group", "contract"]),
    amount,
    minQuantity: z.number().int().min(1).max(100_000).optional(),
    customerGroup: z.string().min(1).max(40).nullable().optional().describe("For group rules."),
    customerId: z.string().min(1).max(64).nullable().optional().describe("For contract rules."),
    startsAt: z.iso.datetime({ offset: true }).nullable().optional(),
    endsAt: z.iso.datetime({ offset: true }).nullable().optional(),
    label: z
      .string()
      .max(100)
      .optional()
      .describe("Shown to the shopper next to the price, e.g. Summer sale."),
  })
  .meta({
    example: {
      variantId: "var_01JX91G8H9",
      currency: "USD",
      kind: "sale",
      amount: 2240,
      startsAt: "2026-07-01T00:00:00Z",
      endsAt: "2026-07-15T00:00:00Z",
      label: "Summer sale",
    },
  });

export const priceRuleSchema = z
  .object({
    id: z.string(),
    variantId: z.string(),
    currency: z.string(),
    kind: z.enum(["sale", "tier", "group", "contract"]),
    amount: moneySchema,
    minQuantity: z.number().int(),
    customerGroup: z.string().nullable(),
    customerId: z.string().nullable(),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    label: z.string(),
  })
  .meta({
    id: "PriceRule",
    example: {
      id: "pr_01JX91J0K1",
      variantId: "var_01JX91G8H9",
      currency: "USD",
      kind: "tier",
      amount: { amount: 2500, currency: "USD" },
      minQuantity: 10,
      customerGroup: null,
      customerId: null,
      startsAt: null,
      endsAt: null,
      label: "10+ units",
    },
  });

export const toPriceRuleJson = (r: PriceRuleRow) => ({
  id: r.id,
  variantId: r.variantId,
  currency: r.currency,
  kind: r.kind,
  amount: { amount: r.amount, currency: r.currency },
  minQuantity: r.minQuantity,
  customerGroup: r.customerGroup,
  customerId: r.customerId,
  startsAt: r.startsAt?.toISOString() ?? null,
  endsAt: r.endsAt?.toISOString() ?? null,
  label: r.label,
});

export const fxRateInput = z
  .object({
    rate: z
      .string()
      .refine(
        (r) => parseRate(r) !== undefined,
        "must be a positive decimal such as 0.92 (up to 12 decimals)",
      )
      .describe("Units of this currency for one unit of the base currency, as a decimal string (exact)."),
  })
  .meta({ example: { rate: "0.92" } });

export const roundingInput = z
  .object({
    increment: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .describe("Minor units: 1 cent, 5 (0.05), 100 (whole units)."),
    ending: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe("Minor units past a multiple: 99 for .99 charm prices."),
    mode: z.enum(["nearest", "up", "down"]).default("nearest"),
  })
  .refine(isValidRoundingRule, { message: "ending must be below increment", path: ["ending"] })
  .meta({ example: { increment: 100, ending: 99, mode: "up" } });
