import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, unknown>;

/**
 * A small local stand-in for the documented Stripe API shapes the gateway uses: PaymentIntents
 * (create with manual capture, retrieve, search by metadata, capture, cancel) and refunds, with
 * Idempotency-Key replay. Test PaymentMethods pm_card_visa / pm_card_chargeDeclined /
 * pm_card_authenticationRequired (3-D Secure, answered with `authenticate`) choose the outcome.
 * Refunds are kept one by one (listable by intent, with their metadata), and `refundOutside`
 * stands for a refund made in the Stripe dashboard.
 */
export async function startFakeStripe() {
  const intents = new Map<string, Json & { id: string; amount: number; status: string }>();
  const byKey = new Map<string, { status: number; body: Json }>();
  const requests: string[] = [];
  const refunds: (Json & { id: string; amount: number; payment_intent: string })[] = [];
  /** Runs before a refund's answer is sent: a test delivers the webhook echo here to overtake it. */
  let beforeRefundAnswer: ((refund: Json & { id: string }) => Promise<void>) | undefined;
  let n = 0;

  const addRefund = (target: Json & { id: string }, amount: number, metadata: Json) => {
    const refunded = ((target.latest_charge as Json).amount_refunded as number) + amount;
    target.latest_charge = charge(target, refunded);
    const refund = {
      id: `re_${++n}`,
      object: "refund",
      status: "succeeded",
      amount,
      currency: target.currency,
      payment_intent: target.id,
      charge: `ch_${target.id}`,
      metadata,
    };
    refunds.push(refund);
    return refund;
  };

  const charge = (intent: Json & { id: string }, refunded = 0) => ({
    id: `ch_${intent.id}`,
    object: "charge",
    payment_intent: intent.id,
    amount_refunded: refunded,
  });

  function handle(method: string, path: string, form: URLSearchParams, query: URLSearchParams) {
    if (method === "POST" && path === "/v1/payment_intents") {
      const id = `pi_${++n}`;
      const pm = form.get("payment_method") ?? "";
      if (pm === "pm_card_chargeDeclined") {
        return {
          status: 402,
          body: {
            error: {
              type: "card_error",
              code: "card_declined",
              decline_code: "generic_decline",
              payment_intent: { id },
            },
          },
        };
      }
      const intent = {
        id,
        object: "payment_intent",
        amount: Number(form.get("amount")),
        amount_received: 0,
        currency: form.get("currency"),
        capture_method: form.get("capture_method"),
        status: pm === "pm_card_authenticationRequired" ? "requires_action" : "requires_capture",
        client_secret: `${id}_secret_fake`,
        next_action:
          pm === "pm_card_authenticationRequired"
            ? { type: "use_stripe_sdk", use_stripe_sdk: { type: "three_d_secure_redirect" } }
            : null,
        metadata: { cartwright_key: form.get("metadata[cartwright_key]") },
        payment_method: { id: pm, object: "payment_method", card: { brand: "visa", last4: "4242" } },
        latest_charge: null as Json | null,
        last_payment_error: null,
      };
      intent.latest_charge = charge(intent);
      intents.set(id, intent);
      return { status: 200, body: intent };
    }
    if (method === "GET" && path === "/v1/payment_intents/search") {
      const key = /metadata\['cartwright_key'\]:'([^']*)'/.exec(query.get("query") ?? "")?.[1];
      const data = [...intents.values()].filter((i) => (i.metadata as Json).cartwright_key === key);
      return { status: 200, body: { object: "search_result", data, has_more: false, url: path } };
    }
    const match = /^\/v1\/payment_intents\/(pi_\d+)(\/capture|\/cancel)?$/.exec(path);
    const intent = match ? intents.get(match[1]!) : undefined;
    if (match && !intent)
      return { status: 404, body: { error: { type: "invalid_request_error", code: "resource_missing" } } };
    if (intent && method === "GET") return { status: 200, body: intent };
    if (intent && match?.[2] === "/capture") {
      if (intent.status !== "requires_capture") {
        return {
          status: 400,
          body: { error: { type: "invalid_request_error", code: "payment_intent_unexpected_state" } },
        };
      }
      Object.assign(intent, {
        status: "succeeded",
        amount_received: Number(form.get("amount_to_capture") ?? intent.amount),
      });
      return { status: 200, body: intent };
    }
    if (intent && match?.[2] === "/cancel") {
      intent.status = "canceled";
      return { status: 200, body: intent };
    }
    if (method === "POST" && path === "/v1/refunds") {
      const target = intents.get(form.get("payment_intent") ?? "");
      if (!target)
        return { status: 404, body: { error: { type: "invalid_request_error", code: "resource_missing" } } };
      const metadata = Object.fromEntries(
        [...form.entries()]
          .filter(([k]) => k.startsWith("metadata["))
          .map(([k, v]) => [k.slice("metadata[".length, -1), v]),
      );
      return { status: 200, body: addRefund(target, Number(form.get("amount")), metadata) };
    }
    if (method === "GET" && path === "/v1/refunds") {
      const data = refunds.filter((r) => r.payment_intent === query.get("payment_intent"));
      return { status: 200, body: { object: "list", data, has_more: false, url: "/v1/refunds" } };
    }
    return {
      status: 404,
      body: { error: { type: "invalid_request_error", message: `no route ${method} ${path}` } },
    };
  }

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url ?? "/", "http://localhost");
    requests.push(`${req.method} ${url.pathname}`);
    const key = req.headers["idempotency-key"];
    const cached = typeof key === "string" ? byKey.get(key) : undefined;
    const answer =
      cached ?? handle(req.method ?? "GET", url.pathname, new URLSearchParams(raw), url.searchParams);
    if (typeof key === "string" && !cached) byKey.set(key, answer);
    const body = answer.body as Json & { id: string; object?: string };
    if (!cached && body.object === "refund" && beforeRefundAnswer) await beforeRefundAnswer(body);
    res.writeHead(answer.status, { "content-type": "application/json", "request-id": `req_${n}` });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    intents,
    /** The shopper answers the 3-D Secure challenge of an intent in `requires_action` (Stripe.js). */
    authenticate(intentId: string, passed: boolean) {
      const intent = intents.get(intentId);
      if (intent?.status !== "requires_action") throw new Error(`${intentId} is not waiting for 3-D Secure`);
      Object.assign(
        intent,
        passed
          ? { status: "requires_capture", next_action: null }
          : {
              status: "requires_payment_method",
              next_action: null,
              last_payment_error: { type: "card_error", code: "payment_intent_authentication_failure" },
            },
      );
    },
    /** A refund made in the Stripe dashboard: Cartwright only learns of it by webhook. */
    refundOutside(intentId: string, amount: number) {
      const intent = intents.get(intentId);
      if (!intent) throw new Error(`no intent ${intentId}`);
      return addRefund(intent, amount, {});
    },
    refunds,
    onRefund(hook: typeof beforeRefundAnswer) {
      beforeRefundAnswer = hook;
    },
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
