import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addToCart,
  eventually,
  fillCard,
  fillContactAndAddress,
  goToCheckout,
  type Harness,
  seriousA11yViolations,
  skipBrowserTests,
  startHarness,
  text,
} from "./browser-harness.ts";

const screenshots = "test-results/screenshots";

describe.skipIf(skipBrowserTests)("signing in at checkout", () => {
  let h: Harness;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    h = await startHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it("creates an account from the contact step, keeps the cart and lists the order under Your orders", async () => {
    const page = await h.newPage();
    await page.goto("/");
    await addToCart(page, "Enamel Camp Mug");
    await goToCheckout(page);
    // Guest by default: no password asked for until the shopper chooses an account.
    expect(await page.getByLabel("Password").count()).toBe(0);
    await page.getByLabel("Email").fill("grace@example.com");
    await page.getByRole("button", { name: "create an account" }).click();
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await eventually(() => text(page.locator("#account-password-error"))).toContain("at least 10");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByLabel("Password").press("Enter");
    await eventually(() => text(page.getByRole("status").filter({ hasText: "Signed in" }))).toContain(
      "Signed in as grace@example.com",
    );
    // The guest cart came along into the account.
    await eventually(() => text(page.getByRole("region", { name: /Order summary/ }))).toContain(
      "Enamel Camp Mug",
    );
    expect(await seriousA11yViolations(page)).toEqual([]);

    await fillContactAndAddress(page);
    await page.getByLabel("Email").fill("grace@example.com");
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: /^Pay / }).click();
    await page.waitForURL(/\/orders\/CW-/);
    const number = await text(page.locator(".order-number"));
    expect(number).toMatch(/^CW-\d+$/);

    await page.goto("/");
    await page.getByRole("link", { name: "Your orders" }).click();
    await page.getByRole("heading", { name: "Your orders", level: 1 }).waitFor();
    const order = page.getByRole("listitem").filter({ hasText: `Order ${number}` });
    await eventually(() => text(order)).toContain("1 × Enamel Camp Mug");
    await eventually(() => text(order)).toContain("Being prepared");
    await page.screenshot({ path: `${screenshots}/account-orders-desktop.png`, animations: "disabled" });
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Each order opens its status page; the session opens it, no token in the link.
    const link = order.getByRole("link", { name: `Order ${number}` });
    expect(await link.getAttribute("href")).toMatch(/^\/orders\/ord_[0-9a-f]+$/);
    await link.click();
    await eventually(() => text(page.getByRole("heading", { level: 1 }))).toBe(`Order ${number}`);
    await eventually(() => text(page.locator(".status-pill"))).toBe("Being prepared");
    await eventually(() => text(page.getByRole("region", { name: "Items" }))).toContain("Enamel Camp Mug");
  }, 90_000);

  it("refuses a wrong password clearly, then fills the saved address once signed in", async () => {
    const registered = await h.app.call("POST", "/store/customers", {
      body: { email: "ada@example.com", password: "analytical engine" },
    });
    expect(registered.status).toBe(201);
    const bearer = { authorization: `Bearer ${registered.body.token}` };
    const saved = await h.app.call("POST", "/store/customers/me/addresses", {
      headers: bearer,
      body: {
        firstName: "Ada",
        lastName: "Byron",
        line1: "10 St James's Square",
        city: "Toronto",
        region: "ON",
        postalCode: "M5V 2T6",
        country: "CA",
      },
    });
    expect(saved.status).toBe(201);

    const page = await h.newPage();
    await page.goto("/");
    await addToCart(page, "Sticker Pack");
    await goToCheckout(page);
    await page.getByLabel("Email").fill("ada@example.com");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await eventually(() => text(page.locator("#account-password-error"))).toContain(
      "That email and password don't match an account.",
    );
    await eventually(() => page.getByLabel("Password").getAttribute("aria-invalid")).toBe("true");

    await page.getByLabel("Password").fill("analytical engine");
    await page.getByRole("button", { name: "Sign in" }).click();
    await eventually(() => text(page.getByRole("status").filter({ hasText: "Signed in" }))).toContain(
      "ada@example.com",
    );
    // The account's address is offered and filled in; shipping to it is priced straight away.
    await eventually(() => page.getByLabel("Saved addresses").inputValue()).toBe(saved.body.id);
    await eventually(() => page.getByLabel("First name").inputValue()).toBe("Ada");
    await eventually(() => page.getByLabel("Province").inputValue()).toBe("ON");
    await page.getByRole("radio", { name: /Standard/ }).waitFor();
    await page.screenshot({ path: `${screenshots}/checkout-signed-in.png`, animations: "disabled" });
  });
});
