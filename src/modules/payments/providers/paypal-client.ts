/**
 * A small typed client of the PayPal REST API calls Cartwright makes (Orders v2, Payments v2,
 * webhook signature verification), on fetch. The official server SDK cannot be pointed at a
 * local server, and tests need one (test/support/fake-paypal.ts speaks the documented shapes).
 * No retries here: resilient-gateway.ts owns them, and `PayPal-Request-Id` makes them safe.
 */

export interface PayPalClientOptions {
  clientId: string;
  clientSecret: string;
  /** https://api-m.paypal.com (live), https://api-m.sandbox.paypal.com, or a local fake. */
  apiUrl: string;
  timeoutMs?: number;
}

export interface PayPalAmount {
  currency_code: string;
  /** Decimal string in the currency's units, e.g. "19.99" (never a float). */
  value: string;
}

export interface PayPalAuthorization {
  id: string;
  status: "CREATED" | "CAPTURED" | "DENIED" | "PARTIALLY_CAPTURED" | "VOIDED" | "PENDING";
  amount: PayPalAmount;
}

export interface PayPalOrder {
  id: string;
  status: "CREATED" | "SAVED" | "APPROVED" | "VOIDED" | "COMPLETED" | "PAYER_ACTION_REQUIRED";
  intent?: "CAPTURE" | "AUTHORIZE";
  purchase_units: {
    amount: PayPalAmount;
    custom_id?: string;
    payments?: {
      authorizations?: PayPalAuthorization[];
      captures?: { id: string; status: string; amount: PayPalAmount }[];
    };
  }[];
  links?: { href: string; rel: string; method?: string }[];
}

/** A refund of a capture; its `up` link leads to the capture it refunds. */
export interface PayPalRefund {
  id: string;
  status: "CANCELLED" | "FAILED" | "PENDING" | "COMPLETED";
  amount: PayPalAmount;
  custom_id?: string;
  links?: { href: string; rel: string; method?: string }[];
}

/** An HTTP answer other than 2xx; `issue` is PayPal's `details[0].issue` (e.g. INSTRUMENT_DECLINED). */
export class PayPalApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorName: string,
    readonly issue: string | undefined,
  ) {
    super(`PayPal answered ${status} ${errorName}${issue ? ` (${issue})` : ""}`);
    this.name = "PayPalApiError";
  }
}

export type PayPalClient = ReturnType<typeof createPayPalClient>;

export function createPayPalClient(options: PayPalClientOptions) {
  const base = options.apiUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 15_000;
  let token: { value: string; until: number } | undefined;

  async function accessToken(): Promise<string> {
    if (token && token.until > Date.now()) return token.value;
    const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`).toString("base64");
    const res = await fetch(`${base}/v1/oauth2/token`, {
      method: "POST",
      headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) throw await apiError(res);
    const body = (await res.json()) as { access_token: string; expires_in: number };
    // Renewed a minute early so a call never starts with a token about to lapse.
    token = { value: body.access_token, until: Date.now() + (body.expires_in - 60) * 1000 };
    return token.value;
  }

  async function call<T>(method: string, path: string, body?: unknown, requestId?: string): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await accessToken()}`,
        "content-type": "application/json",
        prefer: "return=representation",
        ...(requestId ? { "paypal-request-id": requestId } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (res.status === 401) token = undefined;
    if (!res.ok) throw await apiError(res);
    return (res.status === 204 ? {} : await res.json()) as T;
  }

  return {
    /** An order the buyer approves in PayPal's window; authorized later at checkout. */
    createOrder: (input: { amount: PayPalAmount; customId: string; requestId: string }) =>
      call<PayPalOrder>(
        "POST",
        "/v2/checkout/orders",
        { intent: "AUTHORIZE", purchase_units: [{ amount: input.amount, custom_id: input.customId }] },
        input.requestId,
      ),
    getOrder: (orderId: string) =>
      call<PayPalOrder>("GET", `/v2/checkout/orders/${encodeURIComponent(orderId)}`),
    authorizeOrder: (orderId: string, requestId: string) =>
      call<PayPalOrder>(
        "POST",
        `/v2/checkout/orders/${encodeURIComponent(orderId)}/authorize`,
        {},
        requestId,
      ),
    getAuthorization: (authorizationId: string) =>
      call<PayPalAuthorization & { supplementary_data?: { related_ids?: { order_id?: string } } }>(
        "GET",
        `/v2/payments/authorizations/${encodeURIComponent(authorizationId)}`,
      ),
    captureAuthorization: (authorizationId: string, amount: PayPalAmount, requestId: string) =>
      call<{ id: string; status: string; amount: PayPalAmount }>(
        "POST",
        `/v2/payments/authorizations/${encodeURIComponent(authorizationId)}/capture`,
        { amount, final_capture: true },
        requestId,
      ),
    voidAuthorization: (authorizationId: string, requestId: string) =>
      call<unknown>(
        "POST",
        `/v2/payments/authorizations/${encodeURIComponent(authorizationId)}/void`,
        undefined,
        requestId,
      ),
    /** `customId` (our refund id) comes back on the refund, so its webhook echo is known as ours. */
    refundCapture: (captureId: string, amount: PayPalAmount, requestId: string, customId: string) =>
      call<PayPalRefund>(
        "POST",
        `/v2/payments/captures/${encodeURIComponent(captureId)}/refund`,
        { amount, custom_id: customId },
        requestId,
      ),
    getRefund: (refundId: string) =>
      call<PayPalRefund>("GET", `/v2/payments/refunds/${encodeURIComponent(refundId)}`),
    getCapture: (captureId: string) =>
      call<{
        id: string;
        status: string;
        amount: PayPalAmount;
        supplementary_data?: { related_ids?: { authorization_id?: string; order_id?: string } };
      }>("GET", `/v2/payments/captures/${encodeURIComponent(captureId)}`),
    /** Asks PayPal whether a webhook delivery is genuine; true only for `SUCCESS`. */
    async verifyWebhookSignature(input: {
      webhookId: string;
      headers: Record<string, string | undefined>;
      event: unknown;
    }): Promise<boolean> {
      const h = input.headers;
      const result = await call<{ verification_status: string }>(
        "POST",
        "/v1/notifications/verify-webhook-signature",
        {
          auth_algo: h["paypal-auth-algo"],
          cert_url: h["paypal-cert-url"],
          transmission_id: h["paypal-transmission-id"],
          transmission_sig: h["paypal-transmission-sig"],
          transmission_time: h["paypal-transmission-time"],
          webhook_id: input.webhookId,
          webhook_event: input.event,
        },
      );
      return result.verification_status === "SUCCESS";
    },
  };
}

async function apiError(res: Response): Promise<PayPalApiError> {
  const body = (await res.json().catch(() => ({}))) as {
    name?: string;
    error?: string;
    details?: { issue?: string }[];
  };
  return new PayPalApiError(res.status, body.name ?? body.error ?? "UNKNOWN", body.details?.[0]?.issue);
}
