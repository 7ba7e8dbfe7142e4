import { z } from "zod";
import { addressSchema } from "../cart/index.ts";
import { maxPasswordLength, minPasswordLength, passwordProblems } from "./password.ts";
import type { SavedAddressRow } from "./saved-addresses.ts";

export const emailSchema = z.email().max(254);

/** The cart a guest brings to an account: its id and token prove the shopper holds it. */
export const guestCartSchema = z
  .object({ cartId: z.string().min(1).max(64), token: z.string().min(10).max(200) })
  .describe("A guest cart to take into the account (merged into the customer's open cart).")
  .meta({ example: { cartId: "cart_01JX8ZQ4M6", token: "ct_9fQe2hV7rLw3KxT5bN8c" } });

export const credentialsSchema = z
  .object({
    email: emailSchema,
    password: z.string().min(1).max(maxPasswordLength),
    cart: guestCartSchema.optional(),
  })
  .meta({
    example: {
      email: "ada@example.com",
      password: "correct horse battery",
      cart: { cartId: "cart_01JX8ZQ4M6", token: "ct_9fQe2hV7rLw3KxT5bN8c" },
    },
  });

/** Registration checks the password policy in the schema, so it answers with field errors. */
export const registrationSchema = credentialsSchema
  .extend({
    password: z
      .string()
      .min(minPasswordLength)
      .max(maxPasswordLength)
      .describe(`At least ${minPasswordLength} characters, not the email address.`),
  })
  .superRefine((body, issues) => {
    for (const p of passwordProblems(body.password, body.email).filter((p) => p.code === "same_as_email"))
      issues.addIssue({ code: "custom", path: ["password"], message: p.message });
  })
  .meta({ example: { email: "ada@example.com", password: "correct horse battery" } });

export const customerSchema = z
  .object({ id: z.string(), email: z.string(), emailVerified: z.boolean(), createdAt: z.string() })
  .meta({
    id: "Customer",
    example: {
      id: "cus_01JX8ZT2K4",
      email: "ada@example.com",
      emailVerified: false,
      createdAt: "2026-06-01T12:00:00.000Z",
    },
  });

export const sessionSchema = z
  .object({
    customer: customerSchema,
    token: z
      .string()
      .describe(
        "The session token (cw_cs_…) for API clients: `Authorization: Bearer …`. Browsers use the cookie.",
      ),
    expiresAt: z.string(),
    cart: guestCartSchema
      .nullable()
      .describe("The customer's cart after taking in the guest cart: use this id and token from now on."),
  })
  .meta({
    id: "CustomerSession",
    example: {
      customer: {
        id: "cus_01JX8ZT2K4",
        email: "ada@example.com",
        emailVerified: false,
        createdAt: "2026-06-01T12:00:00.000Z",
      },
      token: "cw_cs_Vt3q9XkP2mR8sLw4yB6n",
      expiresAt: "2026-07-01T12:00:00.000Z",
      cart: { cartId: "cart_01JX8ZQ4M6", token: "ct_9fQe2hV7rLw3KxT5bN8c" },
    },
  });

export const savedAddressSchema = z
  .object({ id: z.string(), address: addressSchema, createdAt: z.string(), updatedAt: z.string() })
  .meta({
    id: "SavedAddress",
    example: {
      id: "adr_01JX8ZV1P0",
      address: {
        firstName: "Ada",
        lastName: "Lovelace",
        line1: "12 Main St",
        city: "Springfield",
        region: "IL",
        postalCode: "62701",
        country: "US",
      },
      createdAt: "2026-06-01T12:00:00.000Z",
      updatedAt: "2026-06-01T12:00:00.000Z",
    },
  });

export const toSavedAddressJson = (a: SavedAddressRow): z.output<typeof savedAddressSchema> => ({
  id: a.id,
  address: a.address,
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
});
