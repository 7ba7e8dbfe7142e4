import { describe, expect, it } from "vitest";
import { maxNames, statementName } from "../../src/shared/db/named-statements.ts";

// Names are given to a bounded number of distinct texts per process, so statements whose text
// grows with their input cannot fill a server's memory with prepared statements. (Its own file:
// the count is per process, and this test uses it up.)
describe("statement names past the limit", () => {
  it("keeps the names it gave and gives no new ones", () => {
    const first = statementName("select $1::text -- limit test first");
    for (let i = 0; statementName(`select $1::int -- limit test ${i}`) !== undefined; i++) {
      expect(i).toBeLessThan(maxNames);
    }
    expect(statementName("select $1::text -- limit test another")).toBeUndefined();
    expect(statementName("select $1::text -- limit test first")).toBe(first);
  });
});
