import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bankEnv } from "../payments/offline-payments-kit.ts";
import { readyCart } from "../support/app.ts";
import { type AdminHarness, screenshots, startAdminHarness } from "./admin-harness.ts";
import { eventually, seriousA11yViolations, skipBrowserTests, text } from "./browser-harness.ts";

/** Minor units of USD as the merchant center writes them ("$1,234.50"). */
const usd = (minor: number) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(minor / 100);

describe.skipIf(skipBrowserTests)("merchant center marks a bank transfer paid", () => {
  let h: AdminHarness;
  const bearer = () => ({ authorization: `Bearer ${h.app.apiKey}` });

  const placeBankOrder = async () => {
    const { cartId, headers } = await readyCart(h.app, { lines: [{ sku: "MUG-350", quantity: 1 }] });
    const res = await h.app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": `k-${cartId}` },
      body: { payment: { provider: "bank_transfer" } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.paymentStatus).toBe("awaiting_payment");
    return {
      id: res.body.id as string,
      number: res.body.number as string,
      total: res.body.totals.total.amount as number,
    };
  };
  const readPayment = async (orderId: string) =>
    (await h.app.call("GET", `/admin/orders/${orderId}/payments`, { headers: bearer() })).body.payments[0];
  const openOrder = async (page: Page, order: { id: string; number: string }) => {
    await page.goto(`/admin/orders/${order.id}`);
    await page.getByRole("heading", { name: `Order ${order.number}`, level: 1 }).waitFor();
    const payment = page.getByRole("region", { name: "Payment" });
    await payment.getByRole("button", { name: "Mark as paid" }).waitFor();
    return payment;
  };

  beforeAll(async () => {
    h = await startAdminHarness({ env: bankEnv });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it("records a partial payment, then the rest with an overpayment, and shows each receipt and the order paid", async () => {
    const order = await placeBankOrder();
    const page = await h.signedInPage();
    const payment = await openOrder(page, order);
    expect(await text(payment.locator(".stats"))).toContain(`Still due${usd(order.total)}`);
    expect(await text(page.locator(".page__meta"))).toContain("awaiting payment");

    await payment.getByRole("button", { name: "Mark as paid" }).click();
    const dialog = page.getByRole("dialog", { name: `Mark order ${order.number} paid` });
    const amount = dialog.getByLabel(/Amount received/);
    // The amount still due, in major units, is offered first.
    expect(await amount.inputValue()).toBe((order.total / 100).toFixed(2));
    await amount.fill("10.00");
    await dialog.getByLabel("Reference (optional)").fill("Bank txn 4711");
    await dialog.getByRole("button", { name: "Review" }).click();
    const review = page.getByRole("dialog", { name: "Record $10.00 received?" });
    await eventually(() => text(review)).toContain(`${usd(order.total - 1000)} will still be due.`);
    expect(await text(review)).toContain("reference “Bank txn 4711”");
    await review.getByRole("button", { name: "Record payment" }).click();
    await eventually(() => text(payment.getByRole("status"))).toBe(
      `Recorded $10.00. Still due: ${usd(order.total - 1000)}.`,
    );
    await eventually(() => text(page.locator(".page__meta"))).toContain("partially paid");
    const receipts = payment.getByRole("table", { name: "Money received, oldest first" });
    await eventually(() => receipts.locator("tbody tr").count()).toBe(1);
    expect(await text(receipts)).toContain("Bank txn 4711");
    expect(await text(payment.locator(".stats"))).toContain(`Still due${usd(order.total - 1000)}`);
    await payment.screenshot({
      path: `${screenshots}/admin-payment-partly-paid.png`,
      animations: "disabled",
    });

    // The rest and 5.00 more: the review says so, the receipt is flagged as overpaid.
    await payment.getByRole("button", { name: "Mark as paid" }).click();
    expect(await amount.inputValue()).toBe(((order.total - 1000) / 100).toFixed(2));
    await amount.fill(((order.total - 1000 + 500) / 100).toFixed(2));
    await dialog.getByRole("button", { name: "Review" }).click();
    await eventually(() => text(page.getByRole("dialog"))).toContain("That is $5.00 more than is due.");
    await page.getByRole("button", { name: "Record payment" }).click();
    await eventually(() => text(payment.getByRole("status"))).toBe(
      `Recorded ${usd(order.total - 500)}. Paid in full; $5.00 overpaid.`,
    );
    await eventually(() => text(page.locator(".page__meta"))).toMatch(/^Placed .* · paid/);
    await eventually(() => receipts.locator("tbody tr").count()).toBe(2);
    expect(await text(receipts.locator("tbody tr").nth(1))).toContain("$5.00 overpaid");
    expect(await payment.getByRole("button", { name: "Mark as paid" }).count()).toBe(0);
    await eventually(() => text(page.getByRole("region", { name: "Timeline" }))).toContain(
      "Payment overpaid",
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({
      path: `${screenshots}/admin-order-bank-transfer-paid.png`,
      fullPage: true,
      animations: "disabled",
    });

    const paid = await readPayment(order.id);
    expect(paid.status).toBe("captured");
    expect(paid.captured.amount).toBe(order.total);
    expect(paid.receipts.map((r: { amount: { amount: number } }) => r.amount.amount)).toEqual([
      1000,
      order.total - 500,
    ]);
    expect(paid.receipts[0].reference).toBe("Bank txn 4711");
    const read = await h.app.call("GET", `/admin/orders/${order.id}`, { headers: bearer() });
    expect(read.body.state).toBe("paid");
  });

  it("refuses an amount it cannot read, and shows the API's refusal when the order was cancelled meanwhile", async () => {
    const order = await placeBankOrder();
    const page = await h.signedInPage();
    const payment = await openOrder(page, order);
    await payment.getByRole("button", { name: "Mark as paid" }).click();
    const dialog = page.getByRole("dialog");
    const amount = dialog.getByLabel(/Amount received/);
    for (const typed of ["12.345", "ten", "0"]) {
      await amount.fill(typed);
      await dialog.getByRole("button", { name: "Review" }).click();
      await eventually(() => text(dialog.getByRole("alert"))).toMatch(
        /^Enter an amount such as \d+\.\d\d\.$/,
      );
      expect(await amount.getAttribute("aria-invalid")).toBe("true");
    }
    await amount.fill("5.00");
    await dialog.getByRole("button", { name: "Review" }).click();
    await dialog.getByRole("button", { name: "Record payment" }).waitFor();

    // Someone cancels the order while the dialog is open: the server's problem detail is shown.
    const cancelled = await h.app.call("POST", `/admin/orders/${order.id}/cancel`, {
      headers: bearer(),
      body: { reason: "Shopper asked" },
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    await dialog.getByRole("button", { name: "Record payment" }).click();
    await eventually(() => text(dialog.getByRole("alert"))).toContain(
      "The order was cancelled; refund the money instead.",
    );
    await page.screenshot({ path: `${screenshots}/admin-mark-paid-refused.png`, animations: "disabled" });
    await dialog.getByRole("button", { name: "Keep as is" }).click();
    await eventually(() => dialog.count()).toBe(0);

    const unpaid = await readPayment(order.id);
    expect(unpaid.captured.amount).toBe(0);
    expect(unpaid.receipts).toEqual([]);
  });
});
