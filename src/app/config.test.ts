import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("uses the embedded database and port 3000 when nothing is set", () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DATA_DIR).toBe("./data");
    expect(config.STORE_CURRENCIES).toEqual(["USD", "EUR"]);
  });

  it("reads typed values from the environment", () => {
    const config = loadConfig({
      PORT: "8080",
      SEED_DEMO: "false",
      STORE_CURRENCIES: "JPY,KWD",
      DATABASE_URL: "postgres://u@h/db",
    });
    expect(config).toMatchObject({
      PORT: 8080,
      SEED_DEMO: false,
      STORE_CURRENCIES: ["JPY", "KWD"],
      DATABASE_URL: "postgres://u@h/db",
    });
  });

  it("refuses bad values with a message naming each variable", () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: "eighty",
        DATABASE_URL: "mysql://x",
        LOG_LEVEL: "loud",
        STORE_CURRENCIES: "USD,ABC",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ["PORT", "DATABASE_URL", "LOG_LEVEL", "STORE_CURRENCIES"])
      expect(message).toContain(name);
  });

  it("runs one API process unless told otherwise; auto means one per CPU core, on PostgreSQL only", () => {
    const pg = { DATABASE_URL: "postgres://u@h/db" };
    expect(loadConfig({}).API_PROCESSES).toBe(1);
    expect(loadConfig({ ...pg, API_PROCESSES: "4" }).API_PROCESSES).toBe(4);
    expect(loadConfig({ ...pg, API_PROCESSES: "auto" }).API_PROCESSES).toBe(availableParallelism());
    expect(loadConfig({ API_PROCESSES: "1" }).API_PROCESSES).toBe(1);
    for (const bad of ["0", "two", "-1", "1.5", "65"])
      expect(() => loadConfig({ ...pg, API_PROCESSES: bad })).toThrow(/API_PROCESSES/);
    // The embedded database belongs to one process: refused, not silently ignored.
    expect(() => loadConfig({ API_PROCESSES: "2" })).toThrow(
      /API_PROCESSES=2: more than one API process needs DATABASE_URL/,
    );
  });

  it("never echoes a secret or a URL's password in its error", () => {
    let message = "";
    try {
      loadConfig({ DATABASE_URL: "mysql://admin:hunter2@db/x", STRIPE_SECRET_KEY: "not-a-key-hunter3" });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("DATABASE_URL");
    expect(message).not.toContain("hunter2");
    expect(message).not.toContain("hunter3");
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });
});
