import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idempotent } from "../../http/idempotency.ts";
import { sendProblem, sendResult } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import type { Result } from "../../shared/failure.ts";
import { receiveReturn } from "./receive-return.ts";
import { refundReturn } from "./refund-return.ts";
import { requestReturn } from "./request-return.ts";
import { sendCreditNote, sendReturnLabel } from "./return-documents.ts";
import { getReturn, listReturns, type ReturnView } from "./returns.repository.ts";
import { receiveBody, refundBody, returnRequestBody, returnSchema, toReturnJson } from "./returns.schemas.ts";
import type { ReturnsContext } from "./returns-context.ts";
import { approveReturn, rejectReturn } from "./review-return.ts";
import { returnStatuses } from "./schema.ts";

const params = z.object({ returnId: z.string().min(1).max(64) });
const admin = { tags: ["admin"], security: [{ apiKey: [] }] };
/** Who the transitions and the order timeline name: the id (`key_…`) of the API key that acted. */
const actorOf = (req: FastifyRequest) => req.apiKeyId ?? "merchant";

const asJson = (result: Result<ReturnView>) =>
  result.ok ? { ok: true as const, value: toReturnJson(result.value) } : result;

/** Admin API: the returns queue, approval with a label, rejection, receipt of goods and refunds. */
export const returnsAdminRoutes =
  (ctx: ReturnsContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/admin/returns",
      {
        config: { scope: "orders:read" },
        schema: {
          ...admin,
          summary: "List returns, newest first",
          querystring: z.object({
            status: z.enum(returnStatuses).optional(),
            orderId: z.string().min(1).max(64).optional(),
            before: z.iso.datetime().optional().describe("Keyset cursor: createdAt of the last return seen."),
            limit: z.coerce.number().int().min(1).max(100).default(20),
          }),
          response: { 200: z.object({ returns: z.array(returnSchema) }), ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const { before, ...filter } = req.query;
        const list = await listReturns(ctx.db, { ...filter, before: before ? new Date(before) : undefined });
        return { returns: list.map(toReturnJson) };
      },
    );

    app.post(
      "/admin/orders/:orderId/returns",
      {
        config: { scope: "orders:write" },
        schema: {
          ...admin,
          summary: "Request a return (or exchange) on the shopper's behalf",
          description:
            "As the Store API's request: only shipped units not already in a return; an exchange line " +
            "names another variant of the same product at the same price. Needs an `Idempotency-Key`.",
          params: z.object({ orderId: z.string().min(1).max(64) }),
          headers: z.object({ "idempotency-key": z.string().min(1).max(255) }),
          body: returnRequestBody,
          response: { 201: returnSchema, ...problems(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req, reply) =>
        idempotent(ctx, req, reply, `admin-returns:${req.params.orderId}`, async () => ({
          result: asJson(await requestReturn(ctx, req.params.orderId, req.body, actorOf(req))),
          status: 201,
        })),
    );

    app.get(
      "/admin/returns/:returnId",
      {
        config: { scope: "orders:read" },
        schema: {
          ...admin,
          summary: "Read a return with its lines, label, refund and every transition",
          params,
          response: { 200: returnSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const found = await getReturn(ctx.db, req.params.returnId);
        if (!found)
          return sendProblem(reply, { code: "not_found", detail: `No return ${req.params.returnId}.` });
        return toReturnJson(found);
      },
    );

    app.post(
      "/admin/returns/:returnId/approve",
      {
        config: { scope: "orders:write" },
        schema: {
          ...admin,
          summary: "Approve a requested return and issue its return label",
          description:
            "Buys a return label from the carrier (default `test`) and emails it to the shopper. Approving a " +
            "return that is not `requested` is `return_transition_invalid` (409).",
          params,
          body: z.object({ carrier: z.string().min(1).max(40).optional() }).optional(),
          response: { 200: returnSchema, ...problems(400, 401, 403, 404, 409, 422, 503) },
        },
      },
      async (req, reply) =>
        sendResult(
          reply,
          asJson(
            await approveReturn(ctx, req.params.returnId, {
              carrier: req.body?.carrier,
              actor: actorOf(req),
            }),
          ),
        ),
    );

    app.post(
      "/admin/returns/:returnId/reject",
      {
        config: { scope: "orders:write" },
        schema: {
          ...admin,
          summary: "Reject a requested or approved return, with a reason for the shopper",
          params,
          body: z.object({ reason: z.string().trim().min(1).max(500) }),
          response: { 200: returnSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) =>
        sendResult(
          reply,
          asJson(
            await rejectReturn(ctx, req.params.returnId, { reason: req.body.reason, actor: actorOf(req) }),
          ),
        ),
    );

    app.post(
      "/admin/returns/:returnId/receive",
      {
        config: { scope: "orders:write" },
        schema: {
          ...admin,
          summary: "Record the goods that arrived and restock or write them off",
          description:
            "Per SKU: how many units arrived and `restock` (inventory `returned`) or `write_off` (inventory " +
            "`damaged`). SKUs not listed arrived with no units. Only an approved return can be received.",
          params,
          body: receiveBody,
          response: { 200: returnSchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) =>
        sendResult(
          reply,
          asJson(
            await receiveReturn(ctx, req.params.returnId, { lines: req.body.lines, actor: actorOf(req) }),
          ),
        ),
    );

    app.post(
      "/admin/returns/:returnId/refund",
      {
        config: { scope: "payments:write" },
        schema: {
          ...admin,
          summary: "Refund a received return to the original payment, as store credit or as a gift card",
          description:
            "Refunds what the received units were paid (their tax by rate, allocated like the order's), plus the " +
            "order's shipping when `includeShipping`, or a smaller `amount`. Issues a credit note and emails it. " +
            "Refunds through the payment provider never exceed what was captured (`refund_exceeds_captured`). " +
            "Needs an `Idempotency-Key`; a return is refunded once, also under parallel requests.",
          params,
          headers: z.object({ "idempotency-key": z.string().min(1).max(255) }),
          body: refundBody,
          response: { 201: returnSchema, ...problems(400, 401, 403, 404, 409, 422, 502, 503) },
        },
      },
      async (req, reply) =>
        idempotent(ctx, req, reply, `return:${req.params.returnId}:refund`, async () => ({
          result: asJson(await refundReturn(ctx, req.params.returnId, { ...req.body, actor: actorOf(req) })),
          status: 201,
        })),
    );

    app.get(
      "/admin/returns/:returnId/label.pdf",
      {
        config: { scope: "orders:read" },
        schema: {
          ...admin,
          summary: "Download a return's label",
          params,
          response: problems(400, 401, 403, 404),
        },
      },
      async (req, reply) => {
        const found = await getReturn(ctx.db, req.params.returnId);
        if (!found)
          return sendProblem(reply, { code: "not_found", detail: `No return ${req.params.returnId}.` });
        return sendReturnLabel(ctx, reply, found);
      },
    );

    app.get(
      "/admin/returns/:returnId/credit-note.pdf",
      {
        config: { scope: "orders:read" },
        schema: {
          ...admin,
          summary: "Download the credit note of a return's refund",
          description: "Rendered from the snapshot kept with the refund: the same document every time.",
          params,
          response: problems(400, 401, 403, 404),
        },
      },
      async (req, reply) => {
        const found = await getReturn(ctx.db, req.params.returnId);
        if (!found)
          return sendProblem(reply, { code: "not_found", detail: `No return ${req.params.returnId}.` });
        return sendCreditNote(ctx, reply, found);
      },
    );
  };
