import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdminHarness, screenshots, startAdminHarness } from "./admin-harness.ts";
import { eventually, seriousA11yViolations, skipBrowserTests, text } from "./browser-harness.ts";

describe.skipIf(skipBrowserTests)("merchant center dashboard in a browser", () => {
  let h: AdminHarness;

  beforeAll(async () => {
    // A small demo history: enough orders, abandonments and declines for every chart.
    h = await startAdminHarness({ history: 40 });
  }, 240_000);

  afterAll(async () => {
    await h?.close();
  });

  it("renders the demo history's metrics, funnel, payment methods chart and peak hours", async () => {
    const page = await h.signedInPage();
    await page.goto("/admin");
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    await page.getByLabel("Period").selectOption("60");
    const kpis = page.locator(".kpis");
    await eventually(() => text(kpis)).toMatch(/Checkout completion\s*\d+(\.\d)?%/);
    expect(await text(kpis)).toMatch(/Checkout duration\s*\d+ min/);
    expect(await text(kpis)).toMatch(/Payment success\s*\d+(\.\d)?%/);
    expect(await text(kpis)).toMatch(/Average order value\s*[$€]/);

    const funnel = page.getByRole("region", { name: "Checkout funnel" });
    const steps = funnel.locator(".funnel__step");
    expect(await steps.count()).toBe(7);
    expect(await text(steps.first())).toMatch(/Cart viewed\s*40/);
    expect(await text(steps.last())).toMatch(/Order placed\s*[1-9]/);
    expect(await text(funnel)).toContain("Payment declined");

    const methods = page.getByRole("region", { name: "Payment methods" });
    await eventually(() => methods.locator(".time-chart canvas").count()).toBe(1);
    expect(await text(methods.locator(".legend"))).toMatch(/Visa\s*\d+(\.\d)?%/);

    const heat = page.getByRole("region", { name: "Peak hours" });
    expect(await heat.locator("tbody tr").count()).toBe(7);
    expect(
      await heat.locator("tbody td[class*='heatmap__cell--']:not(.heatmap__cell--0)").count(),
    ).toBeGreaterThan(3);

    // Abandoned carts: the demo's sweep marked and reminded some; the card shows as many
    // recoveries as the history made (how many come back depends on the hour it is laid out from).
    const recovery = page.getByRole("region", { name: "Abandoned carts" });
    expect(await text(recovery)).toMatch(/Abandoned carts\s*[1-9]\d*/);
    const recovered = h.history!.recovered;
    expect(await text(recovery)).toMatch(
      new RegExp(`Recovered\\s*${recovered}\\s*\\d+(\\.\\d)?% of reminded carts`),
    );
    expect(await text(recovery)).toMatch(
      recovered > 0 ? /Recovered revenue\s*[$€]/ : /Recovered revenue\s*–/,
    );

    // Method share per segment: every segment row states its shares, which add up to 100%.
    const segments = page.getByRole("region", { name: "Payment methods by segment" });
    expect(await text(segments)).toMatch(/New customers\s*\d+/);
    expect(await text(segments)).toMatch(/Desktop\s*\d+/);
    const shares = await segments.locator(".segments__shares").allTextContents();
    expect(shares.length).toBeGreaterThan(4);
    for (const line of shares) {
      const sum = [...line.matchAll(/(\d+(?:\.\d)?)%/g)].reduce((n, m) => n + Number(m[1]), 0);
      expect(sum, line).toBeGreaterThan(99.5);
      expect(sum, line).toBeLessThan(100.5);
    }

    await page.screenshot({
      path: `${screenshots}/admin-dashboard-desktop.png`,
      fullPage: true,
      animations: "disabled",
    });
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("narrows every chart to one currency", async () => {
    const page = await h.signedInPage();
    await page.goto("/admin");
    await page.getByLabel("Period").selectOption("60");
    const value = page.getByRole("region", { name: "Revenue and promotions" });
    await eventually(() => value.locator("tbody tr").count()).toBe(2);
    await page.getByLabel("Currency").selectOption("EUR");
    await eventually(() => text(value.locator("tbody"))).not.toContain("USD");
    expect(await text(value.locator("tbody"))).toContain("EUR");
  });

  it("narrows to one device: the segment card then has only that device, and the counts are the API's", async () => {
    const page = await h.signedInPage();
    await page.goto("/admin");
    await page.getByLabel("Period").selectOption("60");
    await page.getByLabel("Device").selectOption("mobile");
    const segments = page.getByRole("region", { name: "Payment methods by segment" });
    await eventually(() => text(segments)).not.toMatch(/Desktop/);
    expect(await text(segments)).toMatch(/Mobile\s*\d+/);
    const from = encodeURIComponent(new Date(Date.now() - 60 * 86_400_000).toISOString());
    const res = await h.app.call("GET", `/admin/analytics/summary?device=mobile&from=${from}`, {
      headers: { authorization: `Bearer ${h.app.apiKey}` },
    });
    expect(await text(page.locator(".kpis"))).toContain(
      `${res.body.orders} orders of ${res.body.checkoutsStarted} checkouts started`,
    );
  });

  it("shows the other pages' empty and filled states without accessibility violations", async () => {
    const page = await h.signedInPage();
    for (const [path, heading] of [
      ["/admin/inventory", "Inventory"],
      ["/admin/promotions", "Promotions"],
      ["/admin/gift-cards", "Gift cards"],
      ["/admin/emails", "Emails"],
    ] as const) {
      await page.goto(path);
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
      await page.locator(".state--loading").waitFor({ state: "detached" });
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    await page.goto("/admin/promotions");
    await eventually(() => text(page.locator("tbody"))).toContain("WELCOME10");
    await page.screenshot({
      path: `${screenshots}/admin-promotions-desktop.png`,
      fullPage: true,
      animations: "disabled",
    });
    await page.goto("/admin/inventory");
    await eventually(() => text(page.locator("tbody"))).toContain("TEE-M");
    await page.getByRole("button", { name: "Adjust stock of MUG-350" }).click();
    await page.getByLabel("Change in units").fill("-2");
    await page.getByLabel("Reason").selectOption("damaged");
    await page.getByLabel("Note (optional)").fill("Chipped enamel");
    await page.getByRole("button", { name: "Save adjustment" }).click();
    await eventually(() => text(page.getByRole("status"))).toMatch(/^MUG-350: \d+ on hand now\.$/);
    await page.screenshot({
      path: `${screenshots}/admin-inventory-desktop.png`,
      fullPage: true,
      animations: "disabled",
    });
  });
});
