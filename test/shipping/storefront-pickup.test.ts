import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addToCart,
  eventually,
  fillCard,
  fillContactAndAddress,
  goToCheckout,
  grandTotal,
  type Harness,
  skipBrowserTests,
  startHarness,
  text,
} from "../browser/browser-harness.ts";

describe.skipIf(skipBrowserTests)("store pickup and free-shipping progress in the storefront", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it("shows how far the cart is from free shipping, and that it ships free once there", async () => {
    const page = await h.newPage();
    await page.goto("/");
    await page.getByRole("heading", { name: "Trail Hoodie" }).waitFor();
    await addToCart(page, "Trail Hoodie", "Forest");
    const drawer = page.getByRole("dialog", { name: "Your cart" });
    // $79.00 of the $150.00 Standard threshold.
    await eventually(() => text(drawer)).toContain("Add $71.00 more for free Standard shipping.");
    await drawer
      .getByRole("button", { name: /^Increase/ })
      .first()
      .click();
    await eventually(() => text(drawer)).toContain("Your order ships free with Standard.");
    expect(await drawer.locator("progress").getAttribute("value")).toBe("15000");
  });

  it("offers pickup at the Brooklyn store with its ready date, and places a free pickup order", async () => {
    const page = await h.newPage();
    await page.goto("/");
    await page.getByRole("heading", { name: "Enamel Camp Mug" }).waitFor();
    await addToCart(page, "Enamel Camp Mug");
    await goToCheckout(page);
    await fillContactAndAddress(page);
    const pickup = page.getByRole("radio", { name: /Store pickup: Cartwright Brooklyn/ });
    await pickup.waitFor();
    const label = page.locator("label.option", { has: pickup });
    expect(await text(label)).toMatch(/10 Jay St, Brooklyn · ready for pickup from \w{3}, \w{3} \d{1,2}/);
    await pickup.check();
    const summary = page.getByRole("region", { name: /Order summary/ });
    await eventually(() => text(summary)).toContain("Store pickup");
    await fillCard(page, "4242 4242 4242 4242");
    const total = await grandTotal(page);
    await page.getByRole("button", { name: `Pay ${total}` }).click();
    await page.waitForURL(/\/orders\/[\w-]+$/);
    await eventually(() => text(page.getByRole("heading", { level: 1 }))).toContain("Thank you, Ada");
  });
});
