import { z } from "zod";

/** Money on the wire: integer minor units and an ISO 4217 code (G1). */
export const moneySchema = z
  .object({
    amount: z
      .number()
      .int()
      .describe("Integer amount in the currency's minor units (cents for USD, yen for JPY)."),
    currency: z.string().length(3).describe("ISO 4217 currency code."),
  })
  .meta({ id: "Money", example: { amount: 1999, currency: "USD" } });

export const currencyCodeSchema = z
  .string()
  .regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code such as USD")
  .describe("ISO 4217 currency code.");

export const idParam = (name: string) =>
  z.object({
    [name]: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/, "is not a valid id"),
  });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().describe("Stable machine-readable error code; see docs/errors.md."),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .loose()
  .meta({ id: "Problem", description: "RFC 9457 problem details." });

/** The problem responses a route may answer with, for the OpenAPI document. */
export const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, problemSchema])) as Record<number, typeof problemSchema>;
