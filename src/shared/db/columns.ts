import { bigint, timestamp } from "drizzle-orm/pg-core";

/** Money columns: integer minor units (G1). bigint because KRW or IDR totals overflow int4. */
export const minorUnits = (name: string) => bigint(name, { mode: "number" });

export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
