import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import { addressSchema } from "../cart/index.ts";
import {
  findOrderForCustomer,
  listOrdersForCustomer,
  orderStatusSchema,
  toOrderStatusJson,
} from "../orders/index.ts";
import { savedAddressSchema, toSavedAddressJson } from "./customer.schemas.ts";
import type { CustomersContext } from "./customers-context.ts";
import { paymentTermsSchema, toPaymentTermsJson } from "./payment-terms.routes.ts";
import { getPaymentTerms } from "./payment-terms.ts";
import { deleteAddress, listSavedAddresses, replaceAddress, saveAddress } from "./saved-addresses.ts";
import { requireCustomer } from "./session-auth.ts";

const addressParams = z.object({ addressId: z.string().min(1).max(64) });

/** Store API: what a signed-in customer keeps (saved addresses) and has done (orders). */
export const customerAccountRoutes =
  (ctx: CustomersContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/store/customers/me/payment-terms",
      {
        schema: {
          tags: ["store"],
          summary: "The account's B2B payment terms",
          description:
            "Whether the account may pay by purchase order (on invoice, due `netDays` after the order) and the " +
            "credit left per currency, so the checkout offers the option only to those it will accept.",
          response: { 200: paymentTermsSchema, ...problems(401) },
        },
      },
      async (req, reply) => {
        const me = await requireCustomer(ctx, req, reply);
        if (!me) return reply;
        const terms = await getPaymentTerms(ctx.db, me.customerId);
        return terms.ok ? toPaymentTermsJson(terms.value) : sendProblem(reply, terms.failure);
      },
    );

    app.get(
      "/store/customers/me/addresses",
      {
        schema: {
          tags: ["store"],
          summary: "List saved addresses",
          response: { 200: z.object({ addresses: z.array(savedAddressSchema) }), ...problems(401) },
        },
      },
      async (req, reply) => {
        const me = await requireCustomer(ctx, req, reply);
        if (!me) return reply;
        return { addresses: (await listSavedAddresses(ctx.db, me.customerId)).map(toSavedAddressJson) };
      },
    );

    app.post(
      "/store/customers/me/addresses",
      {
        schema: {
          tags: ["store"],
          summary: "Save an address (checked against its country's rules)",
          body: addressSchema,
          response: { 201: savedAddressSchema, ...problems(400, 401) },
        },
      },
      async (req, reply) => {
        const me = await requireCustomer(ctx, req, reply);
        if (!me) return reply;
        const saved = await saveAddress(ctx.db, me.customerId, req.body, ctx.clock.now());
        return saved.ok
          ? reply.code(201).send(toSavedAddressJson(saved.value))
          : sendProblem(reply, saved.failure);
      },
    );

    app.put(
      "/store/customers/me/addresses/:addressId",
      {
        schema: {
          tags: ["store"],
          summary: "Replace a saved address",
          params: addressParams,
          body: addressSchema,
          response: { 200: savedAddressSchema, ...problems(400, 401, 404) },
        },
      },
      async (req, reply) => {
        const me = await requireCustomer(ctx, req, reply);
        if (!me) return reply;
        const saved = await replaceAddress(
          ctx.db,
          me.customerId,
          req.params.addressId,
          req.body,
          ctx.clock.now(),
        );
        return saved.ok ? toSavedAddressJson(saved.value) : sendProblem(reply, saved.failure);
      },
    );

    app.delete(
      "/store/customers/me/addresses/:addressId",
      {
        schema: {
          tags: ["store"],
          summary: "Delete a saved address",
          params: addressParams,
          response: { 204: z.null(), ...problems(401, 404) },
        },
      },
      async (req, reply) => {
        const me = await requireCustomer(ctx, req, reply);
        if (!me) return reply;
        const gone = await deleteAddress(ctx.db, me.customerId, req.params.addressId);
        return gone.ok ? reply.code(204).send(null) : sendProblem(reply, gone.failure);
      },
    );

    app.get(
      "/store/customers/me/orders",
      {
        schema: {
          tags: ["store"],
          summary: "The customer's orders, newest first",
          description: "Orders placed signed in, and guest orders claimed by verifying the email.",
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(100).default(20),
            before: z.iso.datetime().optional().describe("Only orders placed before this time (pagination)."),
          }),
          response: {
            200: z.object({ orders: z.array(orderStatusSchema), next: z.string().nullable() }),
            ...problems(400, 401),
          },
        },
      },
      async (req, reply) => {
        const me = await requireCustomer(ctx, req, reply);
        if (!me) return reply;
        const { limit, before } = req.query;
        const found = await listOrdersForCustomer(ctx.db, me.customerId, {
          limit,
          before: before ? new Date(before) : undefined,
        });
        const last = found.at(-1);
        return {
          orders: found.map(toOrderStatusJson),
          next: found.length === limit && last ? last.placedAt.toISOString() : null,
        };
      },
    );

    app.get(
      "/store/customers/me/orders/:orderId",
      {
        schema: {
          tags: ["store"],
          summary: "One of the customer's orders",
          description:
            "What the order status page shows, opened by the session instead of the order's access token " +
            "(which only the confirmation and its email hold). Another customer's order answers 404, like " +
            "an unknown one.",
          params: z.object({ orderId: z.string().min(1).max(64) }),
          response: { 200: orderStatusSchema, ...problems(400, 401, 404) },
        },
      },
      async (req, reply) => {
        const me = await requireCustomer(ctx, req, reply);
        if (!me) return reply;
        const order = await findOrderForCustomer(ctx.db, req.params.orderId, me.customerId);
        return order
          ? toOrderStatusJson(order)
          : sendProblem(reply, {
              code: "not_found",
              detail: `No order ${req.params.orderId} in this account.`,
            });
      },
    );
  };
