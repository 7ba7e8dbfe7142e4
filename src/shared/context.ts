import type { Clock } from "./clock.ts";
import type { Db } from "./db/database.ts";
import type { Logger } from "./logger.ts";

/** What every use case may need from the outside world; providers are added per module. */
export interface Context {
  db: Db;
  clock: Clock;
  log: Logger;
}
