import { z } from "zod";

const text = (max: number) => z.string().trim().min(1, "is required").max(max);

/**
 * A postal address as the API accepts it: its shape only. Per-country rules (required region,
 * postal code formats, phone numbers) are checked by the addresses module when it is set.
 */
export const addressSchema = z
  .object({
    firstName: text(100),
    lastName: text(100),
    company: z.string().trim().max(100).optional(),
    line1: text(200),
    line2: z.string().trim().max(200).optional(),
    city: text(100),
    region: z.string().trim().max(100).optional(),
    postalCode: z.string().trim().max(20).default("").describe("Empty where the country has none (e.g. HK)."),
    country: z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as US"),
    phone: z.string().trim().max(30).optional(),
  })
  .meta({
    id: "Address",
    example: {
      firstName: "Ada",
      lastName: "Lovelace",
      line1: "12 Main St",
      city: "Springfield",
      region: "IL",
      postalCode: "62701",
      country: "US",
    },
  });
