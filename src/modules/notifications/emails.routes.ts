import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import type { EmailSender } from "./email-sender.ts";
import { type EmailRow, listEmails, requeueEmail } from "./emails.repository.ts";
import { emails } from "./schema.ts";

const emailSchema = z
  .object({
    id: z.string(),
    kind: z.enum(emails.kind.enumValues),
    orderId: z.string().nullable(),
    shipmentId: z.string().nullable().describe("Set for shipped and delivered emails."),
    recipient: z.string(),
    subject: z.string(),
    status: z
      .enum(["pending", "sent", "dead"])
      .describe("`dead`: gave up after repeated failures; resend it."),
    attempts: z.number().int().describe("Failed sends so far."),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: "Email" });

const toEmailJson = (e: EmailRow): z.input<typeof emailSchema> => ({
  id: e.id,
  kind: e.kind,
  orderId: e.orderId,
  shipmentId: e.shipmentId,
  recipient: e.recipient,
  subject: e.subject,
  status: e.status,
  attempts: e.attempts,
  lastError: e.lastError,
  nextAttemptAt: e.nextAttemptAt?.toISOString() ?? null,
  createdAt: e.createdAt.toISOString(),
  sentAt: e.sentAt?.toISOString() ?? null,
});

/** Admin API: the email queue, and resending what failed or got lost. */
export const emailsAdminRoutes =
  (ctx: Context & { sender: EmailSender }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/admin/emails",
      {
        config: { scope: "orders:read" },
        schema: {
          tags: ["admin"],
          summary: "List emails with their delivery status, newest first",
          security: [{ apiKey: [] }],
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(100).default(20),
            status: z.enum(["pending", "sent", "dead"]).optional(),
            orderId: z.string().max(64).optional(),
            before: z.iso.datetime().optional().describe("Only emails queued before this time (pagination)."),
          }),
          response: {
            200: z.object({ emails: z.array(emailSchema), next: z.string().nullable() }),
            ...problems(400, 401, 403),
          },
        },
      },
      async (req) => {
        const { before, ...rest } = req.query;
        const found = await listEmails(ctx.db, { ...rest, before: before ? new Date(before) : undefined });
        const last = found.at(-1);
        return {
          emails: found.map(toEmailJson),
          next: found.length === rest.limit && last ? last.createdAt.toISOString() : null,
        };
      },
    );

    app.post(
      "/admin/emails/:emailId/resend",
      {
        config: { scope: "orders:write" },
        schema: {
          tags: ["admin"],
          summary: "Send an email again",
          description:
            "Queues the email again with a fresh count of attempts, whatever its status: a dead email gets " +
            "another chance, a sent one a second copy (the shopper lost it). Sent in the background.",
          security: [{ apiKey: [] }],
          params: z.object({ emailId: z.string().min(1).max(64) }),
          response: { 202: emailSchema, ...problems(401, 403, 404) },
        },
      },
      async (req, reply) => {
        const email = await requeueEmail(ctx.db, req.params.emailId);
        if (!email)
          return sendProblem(reply, { code: "not_found", detail: `No email ${req.params.emailId}.` });
        ctx.sender.kick();
        return reply.code(202).send(toEmailJson(email));
      },
    );
  };
