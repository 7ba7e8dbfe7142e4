import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/shared/db/database.ts";
import { startFakePayPal } from "../support/fake-paypal.ts";
import { startFakeStripe } from "../support/fake-stripe.ts";
import {
  addToCart,
  eventually,
  fillContactAndAddress,
  goToCheckout,
  type Harness,
  skipBrowserTests,
  startHarness,
  text,
} from "./browser-harness.ts";

/**
 * Stand-in for Stripe.js (js.stripe.com cannot be reached here): only the documented calls the
 * checkout makes. The "card" it mounts is one input whose value is the PaymentMethod id that
 * createPaymentMethod returns, so the test picks the outcome with Stripe's test ids; an empty
 * input fails elements.submit() the way an incomplete card does.
 */
const fakeStripeJs = `
window.Stripe = function (key) {
  const seen = (window.__stripeCalls = window.__stripeCalls || []);
  seen.push({ call: "Stripe", key });
  let input;
  return {
    elements(options) {
      seen.push({ call: "elements", options });
      return {
        create(type) {
          seen.push({ call: "create", type });
          return {
            mount(el) {
              const label = document.createElement("label");
              label.textContent = "Stripe test card ";
              input = document.createElement("input");
              label.append(input);
              el.append(label);
            },
            destroy() {},
          };
        },
        update(options) { seen.push({ call: "update", options }); },
        async submit() {
          seen.push({ call: "submit" });
          return input && input.value ? {} : { error: { message: "Your card number is incomplete." } };
        },
      };
    },
    async createPaymentMethod(options) {
      seen.push({ call: "createPaymentMethod", withElements: Boolean(options.elements) });
      return { paymentMethod: { id: input.value } };
    },
    async handleNextAction() { return { error: { message: "not faked" } }; },
  };
};`;

/**
 * Stand-in for PayPal's JS SDK: Buttons({createOrder, onApprove}).render(el). Clicking the
 * button runs createOrder, lets the buyer approve in the PayPal fake (through the exposed
 * function), then calls onApprove as PayPal does after its window closes.
 */
const fakePayPalJs = `
window.paypal = {
  Buttons(options) {
    return {
      async render(el) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = "PayPal";
        button.setAttribute("aria-label", "Pay with PayPal");
        button.onclick = async () => {
          try {
            const orderID = await options.createOrder();
            await window.approveInPayPal(orderID);
            await options.onApprove({ orderID });
          } catch (error) {
            if (options.onError) options.onError(error);
          }
        };
        el.append(button);
      },
    };
  },
};`;

interface StripeCall {
  call: string;
  key?: string;
  type?: string;
  options?: Record<string, unknown>;
  withElements?: boolean;
}

describe.skipIf(skipBrowserTests)("Stripe Payment Element and PayPal button in the checkout", () => {
  let h: Harness;
  let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
  let paypal: Awaited<ReturnType<typeof startFakePayPal>>;

  beforeAll(async () => {
    stripe = await startFakeStripe();
    paypal = await startFakePayPal();
    h = await startHarness({
      STRIPE_SECRET_KEY: "sk_test_wallets",
      STRIPE_PUBLISHABLE_KEY: "pk_test_wallets",
      STRIPE_API_URL: stripe.url,
      PAYPAL_CLIENT_ID: "paypal-client",
      PAYPAL_CLIENT_SECRET: "paypal-secret",
      PAYPAL_API_URL: paypal.url,
    });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await stripe?.close();
    await paypal?.close();
  });

  /** A page under the app's real CSP, with the provider scripts served by the fakes above. */
  async function walletPage(): Promise<{ page: Page; sdkUrls: string[] }> {
    // The real CSP applies: a policy without Stripe's or PayPal's origins would block these.
    const page = await h.newPage({ bypassCSP: false });
    const sdkUrls: string[] = [];
    await page.route("https://js.stripe.com/**", (route) => {
      sdkUrls.push(route.request().url());
      return route.fulfill({ contentType: "application/javascript", body: fakeStripeJs });
    });
    await page.route("https://www.paypal.com/sdk/js**", (route) => {
      sdkUrls.push(route.request().url());
      return route.fulfill({ contentType: "application/javascript", body: fakePayPalJs });
    });
    await page.exposeFunction("approveInPayPal", (orderId: string) => paypal.approve(orderId));
    await page.goto("/");
    await addToCart(page, "Enamel Camp Mug");
    await goToCheckout(page);
    await fillContactAndAddress(page);
    return { page, sdkUrls };
  }

  const paymentOf = async (provider: string) =>
    queryRows<{
      order_id: string | null;
      status: string;
      amount: number;
      captured_amount: number;
      provider_reference: string;
    }>(
      h.app.database.db,
      sql`select order_id, status, amount, captured_amount, provider_reference from payments where provider = ${provider}`,
    );

  it("lists the public keys the browser needs, and never the secrets", async () => {
    const res = await h.app.call("GET", "/store/payment-methods");
    expect(res.body.methods).toEqual(
      expect.arrayContaining([
        { provider: "stripe", kind: "card", publishableKey: "pk_test_wallets" },
        { provider: "paypal", kind: "card", clientId: "paypal-client" },
      ]),
    );
    expect(JSON.stringify(res.body)).not.toMatch(/sk_test_wallets|paypal-secret/);
  });

  it("lets the providers' scripts and frames into the storefront's CSP, and only there", async () => {
    const policy = async (path: string) =>
      (await fetch(`${h.baseUrl}${path}`, { headers: { accept: "text/html" } })).headers.get(
        "content-security-policy",
      ) ?? "";
    const storefront = await policy("/checkout");
    expect(storefront).toMatch(/script-src 'self' https:\/\/js\.stripe\.com [^;]*https:\/\/\*\.paypal\.com/);
    expect(storefront).toMatch(/frame-src [^;]*https:\/\/js\.stripe\.com/);
    expect(await policy("/admin")).not.toContain("stripe");
  });

  it("takes the card through Stripe's Payment Element instead of our fields, survives a decline and places an order paid through Stripe", async () => {
    const { page, sdkUrls } = await walletPage();
    const stripeCard = page.getByLabel("Stripe test card");
    await stripeCard.waitFor();
    expect(await page.getByLabel("Card number").count()).toBe(0);
    expect(await page.getByLabel("Security code").count()).toBe(0);
    expect(sdkUrls).toEqual(["https://js.stripe.com/v3/"]);

    const due = await page.getByRole("button", { name: /^Pay / }).textContent();
    // An incomplete card: Stripe's message, no order attempt.
    await page.getByRole("button", { name: /^Pay / }).click();
    await eventually(() => text(page.locator(".place-order [role=alert]"))).toContain(
      "Your card number is incomplete.",
    );
    expect(await paymentOf("stripe")).toEqual([]);

    // Declined by the bank: the cart stays and the same Element takes another card.
    await stripeCard.fill("pm_card_chargeDeclined");
    await page.getByRole("button", { name: due ?? "" }).click();
    await eventually(() => text(page.locator(".place-order [role=alert]"))).toContain("Payment declined");
    await stripeCard.fill("pm_card_visa");
    await page.getByRole("button", { name: due ?? "" }).click();
    await page.waitForURL(/\/orders\/[\w-]+$/);
    await eventually(() => text(page.getByRole("heading", { level: 1 }))).toContain("Thank you, Ada");

    const calls = (await page.evaluate(
      () => (globalThis as unknown as { __stripeCalls: StripeCall[] }).__stripeCalls,
    )) as StripeCall[];
    expect(calls[0]).toEqual({ call: "Stripe", key: "pk_test_wallets" });
    const elements = calls.find((c) => c.call === "elements")?.options;
    expect(elements).toMatchObject({
      mode: "payment",
      currency: "usd",
      captureMethod: "manual",
      paymentMethodCreation: "manual",
    });
    expect(calls.find((c) => c.call === "create")?.type).toBe("payment");
    expect(calls).toContainEqual({ call: "createPaymentMethod", withElements: true });

    const payments = await paymentOf("stripe");
    const payment = payments.find((p) => p.order_id);
    expect(payments.filter((p) => p !== payment).map((p) => p.status)).toEqual(["failed"]);
    // Authorized at completion (capture follows by CAPTURE_ON, outside the shopper's request).
    expect(["authorized", "captured"]).toContain(payment?.status);
    // The PaymentIntent was made from the Element's pm_…, for the amount the order was placed with.
    // The Element follows the cart (shipping chosen after it mounted): its last amount is the one paid.
    const amounts = calls
      .filter((c) => c.call === "elements" || c.call === "update")
      .map((c) => c.options?.amount);
    expect(amounts.at(-1)).toBe(payment?.amount);
    const intent = stripe.intents.get(payment?.provider_reference ?? "");
    expect(intent).toMatchObject({ amount: payment?.amount, capture_method: "manual" });
    expect(["requires_capture", "succeeded"]).toContain(intent?.status);
    expect(intent?.payment_method).toMatchObject({ id: "pm_card_visa" });
  });

  it("places an order paid through PayPal's button, approved in PayPal's window", async () => {
    const { page, sdkUrls } = await walletPage();
    await page.getByRole("radio", { name: /PayPal/ }).check();
    const button = page.getByRole("button", { name: "Pay with PayPal" });
    await button.waitFor();
    // PayPal's button stands in for ours, and no card form is asked for.
    expect(await page.getByRole("button", { name: /^Pay \$/ }).count()).toBe(0);
    expect(await page.getByLabel("Stripe test card").count()).toBe(0);
    const sdk = new URL(sdkUrls.find((u) => u.startsWith("https://www.paypal.com/")) ?? "https://x/");
    expect(Object.fromEntries(sdk.searchParams)).toMatchObject({
      "client-id": "paypal-client",
      currency: "USD",
      intent: "authorize",
    });

    await button.click();
    await page.waitForURL(/\/orders\/[\w-]+$/);
    await eventually(() => text(page.getByRole("heading", { level: 1 }))).toContain("Thank you, Ada");

    const [payment, ...others] = await paymentOf("paypal");
    expect(others).toEqual([]);
    expect(payment?.order_id).toBeTruthy();
    expect(["authorized", "captured"]).toContain(payment?.status);
    expect(paypal.authorizations.get(payment?.provider_reference ?? "")?.amount.value).toBe(
      ((payment?.amount ?? 0) / 100).toFixed(2),
    );
    const approved = [...paypal.orders.values()].filter((o) => o.status === "COMPLETED");
    expect(approved).toHaveLength(1);
    expect(Math.round(Number(approved[0]?.purchase_units[0]?.amount.value) * 100)).toBe(payment?.amount);
  });
});
