import { z } from "zod";
import { currencyCodeSchema } from "../../http/schemas.ts";

const minor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const grams = z.number().int().min(0).max(10_000_000);
const code = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "use lower-case letters, digits, - and _");
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM (24 h)");
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be an ISO date YYYY-MM-DD")
  .refine(
    (d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().startsWith(d),
    "is not a calendar date",
  );

export const zoneInputSchema = z
  .object({
    code,
    name: z.string().trim().min(1).max(100),
    countries: z
      .array(z.string().regex(/^([A-Z]{2}|\*)$/, "must be an ISO 3166-1 alpha-2 code or *"))
      .min(1)
      .max(300),
    regions: z.array(z.string().max(10)).max(200).default([]).describe("ISO 3166-2 codes, e.g. US-AK."),
    excludedRegions: z.array(z.string().max(10)).max(200).default([]),
    postalCodes: z
      .array(z.string().max(40))
      .max(500)
      .default([])
      .describe("Prefixes (995) or inclusive ranges (96700..96899)."),
    excludedPostalCodes: z.array(z.string().max(40)).max(500).default([]),
  })
  .meta({
    example: {
      code: "us-remote",
      name: "Alaska and Hawaii",
      countries: ["US"],
      regions: ["US-AK", "US-HI"],
      excludedRegions: [],
      postalCodes: [],
      excludedPostalCodes: [],
    },
  });

export const zoneSchema = zoneInputSchema.extend({ id: z.string() }).meta({
  id: "ShippingZone",
  example: {
    id: "zone_01JX92A1B2",
    ...{
      code: "us-remote",
      name: "Alaska and Hawaii",
      countries: ["US"],
      regions: ["US-AK", "US-HI"],
      excludedRegions: [],
      postalCodes: [],
      excludedPostalCodes: [],
    },
  },
});

export const rateTableSchema = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("flat"), amount: minor }),
    z.object({
      type: z.literal("weight_tiers"),
      tiers: z
        .array(
          z.object({
            maxGrams: grams.nullable().describe("Inclusive; null: no upper bound."),
            amount: minor,
          }),
        )
        .min(1)
        .max(50),
    }),
    z.object({
      type: z.literal("value_tiers"),
      tiers: z
        .array(
          z.object({ minSubtotal: minor.describe("Inclusive, on the discounted subtotal."), amount: minor }),
        )
        .min(1)
        .max(50),
    }),
    z.object({
      type: z.literal("free_over"),
      amount: minor,
      threshold: minor.describe("Free when the discounted subtotal is at least this."),
    }),
  ])
  .describe("Amounts in the currency's minor units (JPY yen, KWD fils).");

export const rateInputSchema = z
  .object({
    rate: rateTableSchema,
    minSubtotal: minor.nullable().default(null).describe("Inclusive; the method is not offered below it."),
    maxSubtotal: minor.nullable().default(null).describe("Inclusive; the method is not offered above it."),
  })
  .meta({
    example: {
      rate: {
        type: "weight_tiers",
        tiers: [
          { maxGrams: 1000, amount: 900 },
          { maxGrams: 5000, amount: 1500 },
          { maxGrams: null, amount: 2900 },
        ],
      },
      minSubtotal: null,
      maxSubtotal: null,
    },
  });

export const rateSchema = rateInputSchema
  .extend({ methodId: z.string(), zoneId: z.string(), zoneCode: z.string(), currency: z.string() })
  .meta({
    id: "ShippingRate",
    example: {
      methodId: "shm_01JX92C3D4",
      zoneId: "zone_01JX92A1B2",
      zoneCode: "us-remote",
      currency: "USD",
      rate: { type: "free_over", amount: 1200, threshold: 7500 },
      minSubtotal: null,
      maxSubtotal: null,
    },
  });

const methodFields = {
  name: z.string().trim().min(1).max(100),
  minTransitDays: z.number().int().min(0).max(60),
  maxTransitDays: z.number().int().min(0).max(60),
  minWeightGrams: grams.nullable().default(null),
  maxWeightGrams: grams.nullable().default(null),
  active: z.boolean().default(true),
};

export const methodInputSchema = z
  .object({
    code,
    kind: z.enum(["delivery", "pickup"]).default("delivery"),
    ...methodFields,
    rates: z
      .array(rateInputSchema.extend({ zone: code.describe("A zone's code."), currency: currencyCodeSchema }))
      .max(500)
      .default([]),
  })
  .meta({
    example: {
      code: "express",
      kind: "delivery",
      name: "Express",
      minTransitDays: 1,
      maxTransitDays: 2,
      maxWeightGrams: 10000,
      rates: [
        { zone: "us-contiguous", currency: "USD", rate: { type: "flat", amount: 1500 } },
        { zone: "eu", currency: "EUR", rate: { type: "free_over", amount: 1900, threshold: 15000 } },
      ],
    },
  });

export const methodChangesSchema = z
  .object({
    name: methodFields.name.optional(),
    minTransitDays: methodFields.minTransitDays.optional(),
    maxTransitDays: methodFields.maxTransitDays.optional(),
    minWeightGrams: grams.nullable().optional(),
    maxWeightGrams: grams.nullable().optional(),
    active: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: "change at least one field" })
  .meta({ example: { maxTransitDays: 3, active: true } });

export const methodSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    kind: z.enum(["delivery", "pickup"]),
    name: z.string(),
    minTransitDays: z.number().int(),
    maxTransitDays: z.number().int(),
    minWeightGrams: z.number().int().nullable(),
    maxWeightGrams: z.number().int().nullable(),
    active: z.boolean(),
  })
  .meta({
    id: "ShippingMethod",
    example: {
      id: "shm_01JX92C3D4",
      code: "express",
      kind: "delivery",
      name: "Express",
      minTransitDays: 1,
      maxTransitDays: 2,
      minWeightGrams: null,
      maxWeightGrams: 10000,
      active: true,
    },
  });

export const placeAddressSchema = z.object({
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().min(1).max(100),
  region: z.string().trim().max(100).optional(),
  postalCode: z.string().trim().max(20).default(""),
  country: z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as US"),
});

export const openingHoursSchema = z
  .array(
    z.object({
      weekday: z.number().int().min(0).max(6).describe("0 = Sunday … 6 = Saturday."),
      opens: hhmm,
      closes: hhmm,
    }),
  )
  .max(7)
  .describe("Local opening hours; days without an entry are closed.");

export const pickupLocationInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    address: placeAddressSchema,
    timeZone: z.string().min(1).max(64).describe("IANA time zone, e.g. America/New_York."),
    openingHours: openingHoursSchema,
    readyInDays: z.number().int().min(0).max(30).describe("Open days after the order day until it is ready."),
    active: z.boolean().default(true),
  })
  .meta({
    example: {
      name: "Brooklyn store",
      address: { line1: "200 Kent Ave", city: "Brooklyn", region: "NY", postalCode: "11249", country: "US" },
      timeZone: "America/New_York",
      openingHours: [
        { weekday: 1, opens: "10:00", closes: "19:00" },
        { weekday: 6, opens: "11:00", closes: "17:00" },
      ],
      readyInDays: 1,
      active: true,
    },
  });

export const pickupLocationSchema = pickupLocationInputSchema
  .extend({ id: z.string(), methodId: z.string(), active: z.boolean() })
  .meta({
    id: "PickupLocation",
    example: {
      id: "pul_01JX92E5F6",
      methodId: "shm_01JX92G7H8",
      ...{
        name: "Brooklyn store",
        address: {
          line1: "200 Kent Ave",
          city: "Brooklyn",
          region: "NY",
          postalCode: "11249",
          country: "US",
        },
        timeZone: "America/New_York",
        openingHours: [
          { weekday: 1, opens: "10:00", closes: "19:00" },
          { weekday: 6, opens: "11:00", closes: "17:00" },
        ],
        readyInDays: 1,
        active: true,
      },
    },
  });

export const warehouseSchema = z
  .object({
    country: z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code"),
    timeZone: z.string().min(1).max(64),
    processingDays: z.number().int().min(0).max(30),
    cutoffTime: hhmm,
  })
  .meta({
    id: "Warehouse",
    example: { country: "US", timeZone: "America/Chicago", processingDays: 1, cutoffTime: "14:00" },
  });

export const holidaySchema = z
  .object({
    country: z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code"),
    date: isoDate,
    name: z.string().trim().min(1).max(100),
  })
  .meta({ example: { country: "US", date: "2026-11-26", name: "Thanksgiving Day" } });

export { isoDate };
