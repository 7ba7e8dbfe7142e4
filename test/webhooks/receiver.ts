import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  /** The endpoint path it was posted to, e.g. /a. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; timestamp: string; data: Record<string, unknown> };
}

/** What the receiver answers: a status, optional headers, and an optional delay before answering. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  delayMs?: number;
}

/**
 * A real HTTP server on 127.0.0.1 standing in for a merchant's endpoints. Records every request,
 * answers with what `answer` says for its path (200 by default).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  answer: (path: string, hit: number) => Answer = () => ({ status: 200 });
  #server: Server | undefined;
  #hits = new Map<string, number>();

  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const path = req.url ?? "/";
        const hit = (this.#hits.get(path) ?? 0) + 1;
        this.#hits.set(path, hit);
        this.received.push({ path, headers: req.headers, body, json: JSON.parse(body) });
        const answer = this.answer(path, hit);
        const reply = () => {
          if (res.destroyed) return;
          res.writeHead(answer.status, answer.headers ?? {});
          res.end("ok");
        };
        if (answer.delayMs) setTimeout(reply, answer.delayMs);
        else reply();
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }
}

/**
 * Checks a request the way a receiver following the Standard Webhooks spec would, written
 * independently of the library the sender uses: HMAC-SHA256 over "id.timestamp.body" with the
 * base64-decoded key after `whsec_`, compared to each `v1,` signature in the header.
 */
export function hasValidSignature(webhook: ReceivedWebhook, secret: string): boolean {
  const id = String(webhook.headers["webhook-id"]);
  const timestamp = String(webhook.headers["webhook-timestamp"]);
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${webhook.body}`).digest();
  return String(webhook.headers["webhook-signature"] ?? "")
    .split(" ")
    .filter((s) => s.startsWith("v1,"))
    .map((s) => Buffer.from(s.slice(3), "base64"))
    .some((sig) => sig.length === expected.length && timingSafeEqual(sig, expected));
}
