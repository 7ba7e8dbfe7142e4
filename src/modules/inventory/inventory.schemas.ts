import { z } from "zod";

export const skuParams = z.object({ sku: z.string().min(1).max(64) });
export const countrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as DE")
  .describe("ISO 3166-1 alpha-2 country code.");
export const isoDateSchema = z.iso.date().describe("A calendar date, YYYY-MM-DD.");
export const quantitySchema = z.number().int().min(1).max(1_000_000);

export const stockLevelSchema = z
  .object({
    sku: z.string(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int().describe("on hand − reserved, over all locations."),
    backordered: z.number().int().describe("Units sold or held beyond stock, owed until goods arrive."),
    low: z.boolean().describe("Available (less what is owed) is at or below the reorder point."),
    reorderPoint: z.number().int().nullable(),
    reorderQuantity: z.number().int().nullable(),
    supplier: z.string().nullable(),
    backorder: z.object({
      allowed: z.boolean(),
      limit: z.number().int().nullable().describe("Most units owed at once; null: no limit."),
      expectedOn: z.string().nullable().describe("When backordered units are expected (YYYY-MM-DD)."),
    }),
    locations: z.array(
      z.object({
        locationId: z.string(),
        code: z.string(),
        onHand: z.number().int(),
        reserved: z.number().int(),
        available: z.number().int(),
      }),
    ),
  })
  .meta({ id: "StockLevel" });

export const locationSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    country: z.string().nullable(),
    priority: z.number().int().describe("Lower is allocated from first (after same-country locations)."),
    active: z.boolean().describe("Inactive locations keep their stock but are not allocated from."),
    createdAt: z.string(),
  })
  .meta({ id: "StockLocation" });

export const replenishmentSchema = z
  .object({
    id: z.string(),
    sku: z.string(),
    locationId: z.string(),
    supplier: z.string().nullable(),
    quantity: z.number().int(),
    status: z.enum(["open", "ordered", "received", "cancelled"]),
    receivedQuantity: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Replenishment" });

export const toJson = <T extends { createdAt: Date; updatedAt?: Date }>(r: T) => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  ...(r.updatedAt ? { updatedAt: r.updatedAt.toISOString() } : {}),
});
