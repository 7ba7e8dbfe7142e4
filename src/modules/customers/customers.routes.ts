import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import { mergeGuestCart } from "../cart/index.ts";
import {
  credentialsSchema,
  customerSchema,
  emailSchema,
  guestCartSchema,
  registrationSchema,
  sessionSchema,
} from "./customer.schemas.ts";
import { type CustomerRow, getCustomer, toCustomerJson } from "./customers.repository.ts";
import type { CustomersContext } from "./customers-context.ts";
import { maxPasswordLength, minPasswordLength } from "./password.ts";
import { registerCustomer } from "./register-customer.ts";
import { confirmPasswordReset, requestPasswordReset } from "./reset-password.ts";
import { clearSessionCookie, requireCustomer, setSessionCookie } from "./session-auth.ts";
import { revokeSession, startSession } from "./sessions.ts";
import { signIn } from "./sign-in.ts";
import { resendVerification, verifyEmail } from "./verify-email.ts";

const tokenBody = z
  .object({ token: z.string().min(10).max(200).describe("The token from the emailed link.") })
  .meta({ example: { token: "Jm4x7Qp2Rz8vKc1nWb5tYh3s" } });

/** Store API: registering, signing in and out, password reset and email verification. */
export const customerSessionRoutes =
  (ctx: CustomersContext): FastifyPluginAsyncZod =>
  async (app) => {
    /** Takes the guest cart in, when one was given; a cart that cannot be taken is left as it was. */
    const takeCart = async (customerId: string, cart: z.infer<typeof guestCartSchema> | undefined) => {
      if (!cart) return null;
      const merged = await mergeGuestCart(ctx.db, cart, customerId, ctx.clock.now());
      return merged.ok ? merged.value : null;
    };
    const sessionJson = (
      customer: CustomerRow,
      session: { token: string; expiresAt: Date },
      cart: { cartId: string; token: string } | null,
    ) => ({
      customer: toCustomerJson(customer),
      token: session.token,
      expiresAt: session.expiresAt.toISOString(),
      cart,
    });

    app.post(
      "/store/customers",
      {
        schema: {
          tags: ["store"],
          summary: "Create a customer account and sign in",
          description:
            "Sets the `cw_session` cookie and returns the same session token for API clients. A verification " +
            "link is emailed; once followed, guest orders placed with this email join the account.",
          body: registrationSchema,
          response: { 201: sessionSchema, ...problems(400, 409) },
        },
      },
      async (req, reply) => {
        const registered = await registerCustomer(ctx, req.body);
        if (!registered.ok) return sendProblem(reply, registered.failure);
        const session = await startSession(ctx.db, registered.value.id, ctx.clock.now(), ctx.sessionTtlHours);
        const cart = await takeCart(registered.value.id, req.body.cart);
        setSessionCookie(ctx, req, reply, session);
        return reply.code(201).send(sessionJson(registered.value, session, cart));
      },
    );

    app.post(
      "/store/customers/sign-in",
      {
        schema: {
          tags: ["store"],
          summary: "Sign in with email and password",
          description:
            "Give `cart` to bring a guest cart along: it is merged into the customer's open cart and the " +
            "response names the cart (and token) to use. After 5 failures in 15 minutes for an email or an IP, " +
            "answers 429 `rate_limited` with Retry-After.",
          body: credentialsSchema,
          response: { 200: sessionSchema, ...problems(400, 401, 429) },
        },
      },
      async (req, reply) => {
        const signedIn = await signIn(ctx, { ...req.body, ip: req.ip });
        if (!signedIn.ok) {
          const wait = signedIn.failure.meta?.retryAfterSeconds;
          if (typeof wait === "number") reply.header("retry-after", String(wait));
          return sendProblem(reply, signedIn.failure);
        }
        const customer = await getCustomer(ctx.db, signedIn.value.customerId);
        const cart = await takeCart(signedIn.value.customerId, req.body.cart);
        setSessionCookie(ctx, req, reply, signedIn.value);
        return sessionJson(customer!, signedIn.value, cart);
      },
    );

    app.post(
      "/store/customers/sign-out",
      {
        schema: {
          tags: ["store"],
          summary: "Sign out: the session stops working everywhere it was sent",
          response: { 204: z.null(), ...problems(401) },
        },
      },
      async (req, reply) => {
        const me = await requireCustomer(ctx, req, reply);
        if (!me) return reply;
        await revokeSession(ctx.db, me.sessionId, ctx.clock.now());
        clearSessionCookie(ctx, req, reply);
        return reply.code(204).send(null);
      },
    );

    app.get(
      "/store/customers/me",
      {
        schema: {
          tags: ["store"],
          summary: "The signed-in customer",
          response: { 200: customerSchema, ...problems(401) },
        },
      },
      async (req, reply) => {
        const me = await requireCustomer(ctx, req, reply);
        if (!me) return reply;
        return toCustomerJson((await getCustomer(ctx.db, me.customerId))!);
      },
    );

    app.post(
      "/store/customers/me/cart",
      {
        schema: {
          tags: ["store"],
          summary: "Take a cart into the signed-in customer's account",
          description:
            "Links the cart to the customer, or merges it into their open cart (quantities added, capped at " +
            "the line maximum). Use the returned id and token from then on.",
          body: guestCartSchema,
          response: { 200: guestCartSchema, ...problems(400, 401, 404, 409) },
        },
      },
      async (req, reply) => {
        const me = await requireCustomer(ctx, req, reply);
        if (!me) return reply;
        const merged = await mergeGuestCart(ctx.db, req.body, me.customerId, ctx.clock.now());
        return merged.ok ? merged.value : sendProblem(reply, merged.failure);
      },
    );

    app.post(
      "/store/customers/password-reset",
      {
        schema: {
          tags: ["store"],
          summary: "Email a password reset link",
          description:
            "Always 202, whether or not the email has an account. The link works once, for one hour.",
          body: z.object({ email: emailSchema }).meta({ example: { email: "ada@example.com" } }),
          response: { 202: z.null(), ...problems(400) },
        },
      },
      async (req, reply) => {
        await requestPasswordReset(ctx, req.body.email);
        return reply.code(202).send(null);
      },
    );

    app.post(
      "/store/customers/password-reset/confirm",
      {
        schema: {
          tags: ["store"],
          summary: "Set a new password with the emailed reset token",
          description: "Signs the customer out of every session. The token is used up.",
          body: tokenBody
            .extend({
              password: z
                .string()
                .min(minPasswordLength)
                .max(maxPasswordLength)
                .describe(`At least ${minPasswordLength} characters, not the email address.`),
            })
            .meta({ example: { token: "Jm4x7Qp2Rz8vKc1nWb5tYh3s", password: "a new long passphrase" } }),
          response: { 204: z.null(), ...problems(400) },
        },
      },
      async (req, reply) => {
        const done = await confirmPasswordReset(ctx, req.body);
        return done.ok ? reply.code(204).send(null) : sendProblem(reply, done.failure);
      },
    );

    app.post(
      "/store/customers/verify-email",
      {
        schema: {
          tags: ["store"],
          summary: "Confirm the email address with the emailed token",
          description: "Guest orders placed with this email join the account; `claimedOrders` says how many.",
          body: tokenBody,
          response: {
            200: z.object({ claimedOrders: z.number().int() }).meta({ example: { claimedOrders: 2 } }),
            ...problems(400),
          },
        },
      },
      async (req, reply) => {
        const verified = await verifyEmail(ctx, req.body.token);
        return verified.ok
          ? { claimedOrders: verified.value.claimedOrders }
          : sendProblem(reply, verified.failure);
      },
    );

    app.post(
      "/store/customers/me/verify-email",
      {
        schema: {
          tags: ["store"],
          summary: "Email a new verification link",
          response: { 202: z.null(), ...problems(401) },
        },
      },
      async (req, reply) => {
        const me = await requireCustomer(ctx, req, reply);
        if (!me) return reply;
        await resendVerification(ctx, me.customerId);
        return reply.code(202).send(null);
      },
    );
  };
