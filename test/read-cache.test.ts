import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/shared/db/database.ts";
import { createReadCache } from "../src/shared/db/read-cache.ts";
import { openTestDatabase } from "./support/database.ts";

describe("ReadCache", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase("pglite");
  });
  afterAll(async () => database?.close());

  const setup = (maxEntries = 100) => {
    let now = 0;
    const cache = createReadCache({ ttlMs: 5_000, maxEntries, now: () => now });
    let loads = 0;
    const load = async () => ++loads;
    return {
      cache,
      load,
      loads: () => loads,
      advance: (ms: number) => {
        now += ms;
      },
    };
  };

  it("answers from the cache until the entry is ttlMs old, then reads again", async () => {
    const { cache, load, loads, advance } = setup();
    expect(await cache.read(database.db, "k", load)).toBe(1);
    advance(4_999);
    expect(await cache.read(database.db, "k", load)).toBe(1);
    advance(1);
    expect(await cache.read(database.db, "k", load)).toBe(2);
    expect(loads()).toBe(2);
  });

  it("shares one read between parallel callers", async () => {
    const { cache, load, loads } = setup();
    const values = await Promise.all(Array.from({ length: 10 }, () => cache.read(database.db, "k", load)));
    expect(values).toEqual(Array(10).fill(1));
    expect(loads()).toBe(1);
  });

  it("drops what it holds when a wrapped write runs, including a read that raced the write", async () => {
    const { cache, load } = setup();
    expect(await cache.read(database.db, "k", load)).toBe(1);
    let finishWrite!: () => void;
    const write = cache.changes(() => new Promise<void>((resolve) => (finishWrite = resolve)));
    const writing = write();
    // Read while the write is under way: it loads, but what it loads may predate the write.
    expect(await cache.read(database.db, "k", load)).toBe(2);
    finishWrite();
    await writing;
    expect(await cache.read(database.db, "k", load)).toBe(3);
  });

  it("always reads inside a transaction", async () => {
    const { cache, load } = setup();
    expect(await cache.read(database.db, "k", load)).toBe(1);
    await database.db.transaction(async (tx) => {
      expect(await cache.read(tx, "k", load)).toBe(2);
      expect(await cache.read(tx, "k", load)).toBe(3);
    });
    expect(await cache.read(database.db, "k", load)).toBe(1);
  });

  it("does not keep a failed read", async () => {
    const { cache, load } = setup();
    await expect(cache.read(database.db, "k", async () => Promise.reject(new Error("down")))).rejects.toThrow(
      "down",
    );
    expect(await cache.read(database.db, "k", load)).toBe(1);
  });

  it("loads only missing keys, in one call, and remembers keys the loader did not find", async () => {
    const { cache } = setup();
    const calls: string[][] = [];
    const loadMissing = async (keys: string[]) => {
      calls.push(keys);
      return new Map(keys.filter((k) => k !== "ghost").map((k) => [k, `value of ${k}`]));
    };
    const first = await cache.readMany(database.db, ["a", "b", "ghost"], loadMissing);
    expect([...first]).toEqual([
      ["a", "value of a"],
      ["b", "value of b"],
    ]);
    const second = await cache.readMany(database.db, ["b", "c", "ghost", "c"], loadMissing);
    expect([...second]).toEqual([
      ["b", "value of b"],
      ["c", "value of c"],
    ]);
    expect(calls).toEqual([["a", "b", "ghost"], ["c"]]);
  });

  it("lets the oldest entries go past maxEntries", async () => {
    const { cache, load, loads } = setup(2);
    await cache.read(database.db, "a", load);
    await cache.read(database.db, "b", load);
    await cache.read(database.db, "c", load);
    expect(loads()).toBe(3);
    await cache.read(database.db, "c", load);
    await cache.read(database.db, "b", load);
    expect(loads()).toBe(3);
    await cache.read(database.db, "a", load);
    expect(loads()).toBe(4);
  });
});
