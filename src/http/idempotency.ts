import type { FastifyReply, FastifyRequest } from "fastify";
import type { Context } from "../shared/context.ts";
import type { Failure, Result } from "../shared/failure.ts";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  fingerprint,
  releaseIdempotencyKey,
} from "../shared/idempotency/idempotency.ts";
import { problemBody, sendProblem, statusOf } from "./problem.ts";

/**
 * Outcomes a client should retry with the same key rather than have replayed forever. After a
 * 3-D Secure challenge the same key completes the cart again and resumes the waiting attempt.
 */
const retryable = new Set([
  "checkout_in_progress",
  "payment_pending",
  "payment_action_required",
  "service_unavailable",
]);

/**
 * Runs a mutating request at most once per (scope, Idempotency-Key) (G6): a repeat with the same
 * body gets the stored response with `Idempotent-Replayed: true`; a different body 422; a repeat
 * while the first still runs 409 with Retry-After. Unexpected errors release the key.
 */
export async function idempotent<T>(
  ctx: Context,
  req: FastifyRequest,
  reply: FastifyReply,
  scope: string,
  run: () => Promise<{ result: Result<T>; status: number }>,
): Promise<FastifyReply> {
  const header = req.headers["idempotency-key"];
  const key = typeof header === "string" ? header.trim() : "";
  if (!key || key.length > 255) {
    return sendProblem(reply, {
      code: key ? "validation_failed" : "idempotency_key_required",
      detail: key
        ? "Idempotency-Key must be at most 255 characters."
        : "Send a unique Idempotency-Key header (e.g. a UUID) per attempt.",
    });
  }
  const requestHash = fingerprint([req.method, req.routeOptions.url, req.body ?? null]);
  const claim = await claimIdempotencyKey(ctx.db, { scope, key, requestHash, now: ctx.clock.now() });
  switch (claim.kind) {
    case "mismatch":
      return sendProblem(reply, {
        code: "idempotency_key_mismatch",
        detail: "This Idempotency-Key was already used with a different request body.",
      });
    case "in_progress":
      return sendProblem(reply, {
        code: "idempotency_key_in_use",
        detail: "The first request with this Idempotency-Key is still running; retry shortly.",
      });
    case "replay": {
      reply.header("idempotent-replayed", "true");
      const body = claim.body as { code?: string } | null;
      if (claim.statusCode >= 400)
        return reply
          .code(claim.statusCode)
          .type("application/problem+json")
          .serializer(JSON.stringify)
          .send(body);
      return reply.code(claim.statusCode).send(body);
    }
  }
  let outcome: { result: Result<T>; status: number };
  try {
    outcome = await run();
  } catch (error) {
    await releaseIdempotencyKey(ctx.db, { scope, key }).catch(() => {});
    throw error;
  }
  const { result, status } = outcome;
  // A 503 says "come back later" (with Retry-After): stored, it would replay the outage to every
  // retry of this key for 24 h, long after the cause is gone (found by provider-outage.test.ts).
  if (!result.ok && (retryable.has(result.failure.code) || statusOf(result.failure.code) === 503)) {
    await releaseIdempotencyKey(ctx.db, { scope, key });
    return sendProblem(reply, result.failure);
  }
  if (!result.ok) {
    const body = problemBody(result.failure as Failure, req.url.split("?")[0]);
    await completeIdempotencyKey(ctx.db, { scope, key, statusCode: body.status, body });
    return sendProblem(reply, result.failure);
  }
  const json = JSON.parse(JSON.stringify(result.value));
  await completeIdempotencyKey(ctx.db, { scope, key, statusCode: status, body: json });
  return reply.code(status).send(result.value);
}
