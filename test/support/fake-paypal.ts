import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, unknown>;
interface Amount {
  currency_code: string;
  value: string;
}
interface Order {
  id: string;
  status: string;
  intent: string;
  purchase_units: {
    amount: Amount;
    custom_id?: string;
    payments?: { authorizations?: Json[]; captures?: Json[] };
  }[];
  links: Json[];
  decline?: boolean;
}

/**
 * A local stand-in for the documented PayPal REST shapes the client uses: OAuth client
 * credentials, Orders v2 (create, get, authorize), Payments v2 (authorization get, capture, void;
 * capture refund) with `PayPal-Request-Id` replay, and verify-webhook-signature (a delivery is
 * genuine when its transmission signature is "valid-signature"). `approve` stands for the buyer
 * approving in PayPal's window; `failNext` answers 500 to the next calls. Refunds keep their
 * custom_id and an `up` link to their capture (GET /v2/payments/refunds/:id, and the capture by
 * GET /v2/payments/captures/:id); `refundOutside` stands for a refund made in PayPal's dashboard.
 */
export async function startFakePayPal() {
  const orders = new Map<string, Order>();
  const authorizations = new Map<
    string,
    Json & { id: string; status: string; amount: Amount; orderId: string }
  >();
  const captures = new Map<
    string,
    { id: string; amount: Amount; refunded: number; authorizationId: string }
  >();
  const refunds = new Map<string, Json & { id: string; amount: Amount; status: string }>();
  /** Runs before a refund's answer is sent: a test delivers the webhook echo here to overtake it. */
  let beforeRefundAnswer: ((refund: { id: string }) => Promise<void>) | undefined;
  const byRequestId = new Map<string, { status: number; body: unknown }>();
  const requests: string[] = [];
  let n = 0;
  let failures = 0;
  const cents = (a: Amount) => Math.round(Number(a.value) * 100);

  function handle(method: string, path: string, body: Json): { status: number; body: unknown } {
    if (method === "POST" && path === "/v1/oauth2/token") {
      return {
        status: 200,
        body: { access_token: `A21.fake.${++n}`, token_type: "Bearer", expires_in: 32400 },
      };
    }
    if (method === "POST" && path === "/v1/notifications/verify-webhook-signature") {
      return {
        status: 200,
        body: { verification_status: body.transmission_sig === "valid-signature" ? "SUCCESS" : "FAILURE" },
      };
    }
    if (method === "POST" && path === "/v2/checkout/orders") {
      const id = `ORDER-${++n}`;
      const units = body.purchase_units as Order["purchase_units"];
      const order: Order = {
        id,
        status: "CREATED",
        intent: String(body.intent),
        purchase_units: units.map((u) => ({ amount: u.amount, custom_id: u.custom_id })),
        links: [
          { rel: "approve", href: `https://www.paypal.example/checkoutnow?token=${id}`, method: "GET" },
        ],
      };
      orders.set(id, order);
      return { status: 201, body: order };
    }
    let m = /^\/v2\/checkout\/orders\/([^/]+)$/.exec(path);
    if (method === "GET" && m) {
      const order = orders.get(m[1]!);
      return order ? { status: 200, body: order } : notFound();
    }
    m = /^\/v2\/checkout\/orders\/([^/]+)\/authorize$/.exec(path);
    if (method === "POST" && m) {
      const order = orders.get(m[1]!);
      if (!order) return notFound();
      if (order.status !== "APPROVED") return unprocessable("ORDER_NOT_APPROVED");
      if (order.decline) return unprocessable("INSTRUMENT_DECLINED");
      const unit = order.purchase_units[0]!;
      const auth = { id: `AUTH-${++n}`, status: "CREATED", amount: unit.amount, orderId: order.id };
      authorizations.set(auth.id, auth);
      unit.payments = { authorizations: [{ id: auth.id, status: auth.status, amount: auth.amount }] };
      order.status = "COMPLETED";
      return { status: 201, body: order };
    }
    m = /^\/v2\/payments\/authorizations\/([^/]+)(\/capture|\/void)?$/.exec(path);
    if (m) {
      const auth = authorizations.get(m[1]!);
      if (!auth) return notFound();
      const order = orders.get(auth.orderId)!;
      const sync = () => {
        const listed = order.purchase_units[0]!.payments!.authorizations![0]!;
        listed.status = auth.status;
      };
      if (method === "GET" && !m[2]) {
        return {
          status: 200,
          body: {
            id: auth.id,
            status: auth.status,
            amount: auth.amount,
            supplementary_data: { related_ids: { order_id: auth.orderId } },
          },
        };
      }
      if (method === "POST" && m[2] === "/void") {
        if (auth.status === "VOIDED") return unprocessable("AUTHORIZATION_ALREADY_VOIDED");
        if (auth.status !== "CREATED") return unprocessable("PREVIOUSLY_CAPTURED");
        auth.status = "VOIDED";
        sync();
        return { status: 204, body: undefined };
      }
      if (method === "POST" && m[2] === "/capture") {
        if (auth.status !== "CREATED") return unprocessable("AUTHORIZATION_ALREADY_CAPTURED");
        const amount = (body.amount as Amount | undefined) ?? auth.amount;
        if (cents(amount) > cents(auth.amount)) return unprocessable("MAX_CAPTURE_AMOUNT_EXCEEDED");
        const capture = { id: `CAP-${++n}`, amount, refunded: 0, authorizationId: auth.id };
        captures.set(capture.id, capture);
        auth.status = "CAPTURED";
        sync();
        order.purchase_units[0]!.payments!.captures = [{ id: capture.id, status: "COMPLETED", amount }];
        return { status: 201, body: { id: capture.id, status: "COMPLETED", amount } };
      }
    }
    m = /^\/v2\/payments\/captures\/([^/]+)\/refund$/.exec(path);
    if (method === "POST" && m) {
      const capture = captures.get(m[1]!);
      if (!capture) return notFound();
      const amount = (body.amount as Amount | undefined) ?? capture.amount;
      if (capture.refunded + cents(amount) > cents(capture.amount))
        return unprocessable("REFUND_AMOUNT_EXCEEDED");
      return { status: 201, body: addRefund(capture, amount, body.custom_id as string | undefined) };
    }
    m = /^\/v2\/payments\/refunds\/([^/]+)$/.exec(path);
    if (method === "GET" && m) {
      const refund = refunds.get(m[1]!);
      return refund ? { status: 200, body: refund } : notFound();
    }
    m = /^\/v2\/payments\/captures\/([^/]+)$/.exec(path);
    if (method === "GET" && m) {
      const capture = captures.get(m[1]!);
      if (!capture) return notFound();
      const authorization = authorizations.get(capture.authorizationId)!;
      return {
        status: 200,
        body: {
          id: capture.id,
          status: capture.refunded >= cents(capture.amount) ? "REFUNDED" : "COMPLETED",
          amount: capture.amount,
          supplementary_data: {
            related_ids: { order_id: authorization.orderId, authorization_id: capture.authorizationId },
          },
        },
      };
    }
    return notFound();
  }

  function addRefund(capture: { id: string; refunded: number }, amount: Amount, customId?: string) {
    capture.refunded += cents(amount);
    const id = `REF-${++n}`;
    const refund = {
      id,
      status: "COMPLETED",
      amount,
      ...(customId ? { custom_id: customId } : {}),
      links: [
        { rel: "self", method: "GET", href: `https://api.paypal.example/v2/payments/refunds/${id}` },
        { rel: "up", method: "GET", href: `https://api.paypal.example/v2/payments/captures/${capture.id}` },
      ],
    };
    refunds.set(id, refund);
    return refund;
  }

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const method = req.method ?? "GET";
    const path = (req.url ?? "/").split("?")[0]!;
    requests.push(`${method} ${path}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body === undefined ? "" : JSON.stringify(body));
    };
    if (
      path !== "/v1/oauth2/token" &&
      !String(req.headers.authorization ?? "").startsWith("Bearer A21.fake.")
    ) {
      return send(401, { error: "invalid_token" });
    }
    if (failures > 0 && path !== "/v1/oauth2/token") {
      failures--;
      return send(500, { name: "INTERNAL_SERVER_ERROR" });
    }
    const requestId = req.headers["paypal-request-id"];
    const key = typeof requestId === "string" ? `${path}|${requestId}` : undefined;
    const replay = key ? byRequestId.get(key) : undefined;
    if (replay) return send(replay.status, replay.body);
    let body: Json = {};
    try {
      // The OAuth token call is a urlencoded form, not JSON (as at PayPal).
      const json = String(req.headers["content-type"] ?? "").includes("json");
      body = raw && json ? (JSON.parse(raw) as Json) : {};
    } catch {
      return send(400, { name: "INVALID_REQUEST" });
    }
    const answer = handle(method, path, body);
    if (key && answer.status < 500) byRequestId.set(key, answer);
    if (path.endsWith("/refund") && answer.status === 201 && beforeRefundAnswer)
      await beforeRefundAnswer(answer.body as { id: string });
    send(answer.status, answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    orders,
    authorizations,
    captures,
    /** The buyer approves the order in PayPal's window (optionally with a card PayPal declines). */
    approve(orderId: string, options: { decline?: boolean } = {}) {
      const order = orders.get(orderId);
      if (!order) throw new Error(`no order ${orderId}`);
      order.status = "APPROVED";
      order.decline = options.decline ?? false;
    },
    refunds,
    /** A refund made in PayPal's dashboard (minor units): Cartwright only learns of it by webhook. */
    refundOutside(captureId: string, amount: number) {
      const capture = captures.get(captureId);
      if (!capture) throw new Error(`no capture ${captureId}`);
      const value = (amount / 100).toFixed(2);
      return addRefund(capture, { currency_code: capture.amount.currency_code, value });
    },
    onRefund(hook: typeof beforeRefundAnswer) {
      beforeRefundAnswer = hook;
    },
    failNext(count: number) {
      failures = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function notFound() {
  return { status: 404, body: { name: "RESOURCE_NOT_FOUND", details: [{ issue: "INVALID_RESOURCE_ID" }] } };
}

function unprocessable(issue: string) {
  return { status: 422, body: { name: "UNPROCESSABLE_ENTITY", details: [{ issue }] } };
}
