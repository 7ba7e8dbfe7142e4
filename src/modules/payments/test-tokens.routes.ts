import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { tokenizeTestCard } from "./providers/test-card-tokens.ts";
import { testChallengeRoutes } from "./test-challenges.routes.ts";

const cardSchema = z.object({
  cardNumber: z
    .string()
    .min(1)
    .max(32)
    .describe("Test card number (spaces and dashes allowed), e.g. 4242 4242 4242 4242. Never stored."),
  expMonth: z.number().int().describe("1-12"),
  expYear: z.number().int().min(0).max(9999).describe("Four digits (two are read as 20xx)."),
  cvc: z.string().min(1).max(8).describe("3 digits, 4 for American Express. Never stored."),
});

/**
 * Store API: the built-in test processor's hosted fields (card number in, token out) and its
 * 3-D Secure challenge pages.
 */
export const testTokenStoreRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(testChallengeRoutes(ctx));
    app.post(
      "/store/payments/test/tokens",
      {
        schema: {
          tags: ["store"],
          summary: "Tokenize a test card",
          description:
            "Stands in for a provider's hosted card fields when the `test` provider is used. Checks the " +
            "number (Luhn, brand), expiry and CVC and returns a token for `payment.token` at checkout. " +
            "The well-known public test numbers choose the outcome (4000000000000002 declines, " +
            "4000000000009995 has insufficient funds, …). Only brand and last 4 are kept.",
          body: cardSchema,
          response: {
            201: z
              .object({ token: z.string(), brand: z.string(), last4: z.string() })
              .meta({ id: "TestCardToken" }),
            ...problems(400, 422),
          },
        },
      },
      async (req, reply) => {
        const result = await tokenizeTestCard(ctx.db, req.body, ctx.clock.now());
        if (!result.ok) {
          return sendProblem(reply, {
            code: "card_invalid",
            detail: result.errors.map((e) => `${e.field}: ${e.message}`).join("; "),
            errors: result.errors,
          });
        }
        return reply.code(201).send(result.value);
      },
    );
  };
