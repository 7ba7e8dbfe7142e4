import { and, eq, lte, sql } from "drizzle-orm";
import { backoffWithJitterMs } from "../../shared/background/backoff.ts";
import { PollingLoop } from "../../shared/background/polling-loop.ts";
import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { type ClaimedDelivery, claimDueDeliveries, recordAttempt } from "./deliveries.repository.ts";
import { fetchPostWebhook, type PostOutcome, type PostWebhook } from "./post-webhook.ts";
import { webhookEndpoints } from "./schema.ts";
import { signatureHeaders } from "./sign-message.ts";
import type { SecretBox } from "./signing-secret.ts";
import { endpointDisabled } from "./webhooks.events.ts";

export interface WebhookSenderOptions extends Context {
  secrets: SecretBox;
  /** Per request; a slower receiver counts as a failed attempt. */
  timeoutMs: number;
  /** Attempts before a delivery is marked failed (dead); it can be replayed from the Admin API. */
  maxAttempts: number;
  /** An endpoint failing without a single success for this long is disabled. */
  disableAfterMs: number;
  /** First retry delay; doubles per attempt up to `retryCapMs`, with jitter. */
  retryBaseMs?: number;
  retryCapMs?: number;
  post?: PostWebhook;
  random?: () => number;
  batchSize?: number;
  pollIntervalMs?: number;
}

export interface SendReport {
  claimed: number;
  delivered: number;
  failed: number;
}

/**
 * Posts queued webhooks in the background: claim due deliveries with a lease, send each outside
 * any transaction, then record the outcome under the claim. Retries network errors, time-outs,
 * 5xx and 429 with exponential backoff and jitter (Retry-After honoured), and marks a delivery
 * failed after `maxAttempts` or a permanent 4xx. Delivery is at least once: a worker that dies
 * after the receiver answered sends the same message (same webhook-id) again after the lease.
 * Several workers (processes) may run against one database: a claim is theirs alone until its
 * lease, which outlasts the request time-out, runs out.
 */
export class WebhookSender {
  readonly #o: Required<Omit<WebhookSenderOptions, keyof Context | "random">> &
    Context & { random?: () => number };
  readonly #loop: PollingLoop;

  constructor(options: WebhookSenderOptions) {
    this.#o = {
      retryBaseMs: 30_000,
      retryCapMs: 4 * 3_600_000,
      post: fetchPostWebhook,
      batchSize: 20,
      pollIntervalMs: 1000,
      ...options,
    };
    this.#loop = new PollingLoop({
      pass: async () => ({ full: (await this.runOnce()).claimed === this.#o.batchSize }),
      intervalMs: this.#o.pollIntervalMs,
      onError: (err) => this.#o.log.error({ err }, "webhook pass failed"),
    });
  }

  start(): void {
    this.#loop.start();
  }

  /** Asks for a pass now (something was just queued); coalesces with a running one. */
  kick(): void {
    this.#loop.kick();
  }

  stop(): Promise<void> {
    return this.#loop.stop();
  }

  /** One pass over the due deliveries, awaited (tests, scripts). Sends a batch in parallel. */
  async runOnce(): Promise<SendReport> {
    const now = this.#o.clock.now();
    // The lease covers the request time-out with room to record the outcome.
    const leaseUntil = new Date(now.getTime() + this.#o.timeoutMs + 60_000);
    const due = await claimDueDeliveries(this.#o.db, now, leaseUntil, this.#o.batchSize);
    const outcomes = await Promise.all(
      due.map((d) =>
        this.#send(d).catch((err) => {
          // E.g. a secret sealed under another key: the lease runs out and it is tried again.
          this.#o.log.error({ err, deliveryId: d.id, endpointId: d.endpointId }, "webhook send crashed");
          return "failed" as const;
        }),
      ),
    );
    const delivered = outcomes.filter((o) => o === "delivered").length;
    return { claimed: due.length, delivered, failed: due.length - delivered };
  }

  async #send(delivery: ClaimedDelivery): Promise<"delivered" | "failed"> {
    const at = this.#o.clock.now();
    const outcome = await this.#o.post({
      url: delivery.url,
      headers: signatureHeaders(delivery.eventId, at, delivery.body, this.#signingSecrets(delivery, at)),
      body: delivery.body,
      timeoutMs: this.#o.timeoutMs,
      now: at,
    });
    await this.#record(delivery, outcome);
    return outcome.kind === "delivered" ? "delivered" : "failed";
  }

  /** The current secret, plus the previous one during its grace period after a rotation. */
  #signingSecrets(delivery: ClaimedDelivery, at: Date): string[] {
    const secrets = [this.#o.secrets.open(delivery.secretCiphertext)];
    if (
      delivery.previousSecretCiphertext &&
      delivery.previousSecretExpiresAt &&
      delivery.previousSecretExpiresAt > at
    )
      secrets.push(this.#o.secrets.open(delivery.previousSecretCiphertext));
    return secrets;
  }

  async #record(delivery: ClaimedDelivery, outcome: PostOutcome): Promise<void> {
    const at = this.#o.clock.now();
    const attempts = delivery.attempts + 1;
    const base = { at, responseStatus: outcome.status, durationMs: outcome.durationMs };
    const ids = {
      deliveryId: delivery.id,
      endpointId: delivery.endpointId,
      attempts,
      status: outcome.status,
    };
    if (outcome.kind === "delivered") {
      await this.#o.db.transaction(async (tx) => {
        const recorded = await recordAttempt(tx, delivery, {
          ...base,
          error: null,
          status: "succeeded",
          retryAt: null,
        });
        if (recorded)
          await tx
            .update(webhookEndpoints)
            .set({ failingSince: null })
            .where(eq(webhookEndpoints.id, delivery.endpointId));
      });
      return;
    }
    const dead = outcome.kind === "refused" || attempts >= this.#o.maxAttempts;
    const retryAt = dead ? null : new Date(at.getTime() + this.#retryDelayMs(attempts, outcome));
    await this.#o.db.transaction(async (tx) => {
      const recorded = await recordAttempt(tx, delivery, {
        ...base,
        error: outcome.error,
        status: dead ? "failed" : "pending",
        retryAt,
      });
      if (recorded) await this.#noteEndpointFailure(tx as unknown as Db, delivery.endpointId, at);
    });
    // Ids and status only: URLs may hold the merchant's tokens, bodies hold order data.
    if (dead) this.#o.log.warn({ ...ids, error: outcome.error }, "webhook delivery failed for good");
    else this.#o.log.info({ ...ids, retryAt, error: outcome.error }, "webhook delivery failed; will retry");
  }

  #retryDelayMs(attempts: number, outcome: PostOutcome & { kind: "retry" }): number {
    const backoff = backoffWithJitterMs(attempts, {
      baseMs: this.#o.retryBaseMs,
      capMs: this.#o.retryCapMs,
      ...(this.#o.random ? { random: this.#o.random } : {}),
    });
    // The receiver may ask for a longer pause (429, 503), never for hammering; bounded by the cap.
    return Math.max(backoff, Math.min(outcome.retryAfterMs ?? 0, this.#o.retryCapMs));
  }

  /** Starts the endpoint's failing period, and disables it once that has lasted too long. */
  async #noteEndpointFailure(tx: Db, endpointId: string, at: Date): Promise<void> {
    await tx
      .update(webhookEndpoints)
      .set({
        failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${at.toISOString()}::timestamptz)`,
      })
      .where(eq(webhookEndpoints.id, endpointId));
    const cutoff = new Date(at.getTime() - this.#o.disableAfterMs);
    const [disabled] = await tx
      .update(webhookEndpoints)
      .set({ enabled: false, disabledReason: "failing", updatedAt: at })
      .where(
        and(
          eq(webhookEndpoints.id, endpointId),
          eq(webhookEndpoints.enabled, true),
          lte(webhookEndpoints.failingSince, cutoff),
        ),
      )
      .returning({ failingSince: webhookEndpoints.failingSince });
    if (!disabled?.failingSince) return;
    await recordEvents(tx, at, [endpointDisabled(endpointId, disabled.failingSince)]);
    this.#o.log.warn(
      { endpointId, failingSince: disabled.failingSince },
      "webhook endpoint disabled after failing",
    );
  }
}
