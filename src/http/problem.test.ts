import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { problemBody, statusOf } from "./problem.ts";
import { renderErrorDocs } from "./write-error-docs.ts";

describe("the error catalog", () => {
  it("is documented in docs/errors.md exactly as generated (run npm run docs:errors)", () => {
    expect(readFileSync("docs/errors.md", "utf8")).toBe(renderErrorDocs());
  });

  it("maps an unknown code to 500 rather than guessing", () => {
    expect(statusOf("no_such_code")).toBe(500);
  });

  it("puts a failure's facts next to the standard problem fields", () => {
    const body = problemBody({
      code: "insufficient_stock",
      detail: "Only 1 left.",
      meta: { sku: "TEE-M", available: 1 },
    });
    expect(body).toMatchObject({ status: 409, code: "insufficient_stock", sku: "TEE-M", available: 1 });
  });
});
