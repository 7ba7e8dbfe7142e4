import pg from "pg";

/**
 * A PostgreSQL client that names every parameterised statement after its text, so each
 * connection parses and plans a statement once and then only binds and executes it (the
 * extended protocol's prepared statements; `pg` remembers per connection what it has parsed).
 * The checkout runs the same few dozen statements over and over: this spares the server the
 * parse and plan of each, and the wire the statement text.
 *
 * Only statements with parameters are named: they already travel as one extended-protocol
 * statement, whereas a parameterless text may hold several statements (migrations), which the
 * extended protocol refuses. Names are given to at most `maxNames` distinct texts per process
 * (texts built with a variable number of parameters could otherwise grow without end); the rest
 * run unnamed as before. A statement named in code (drizzle's `.prepare(name)`) keeps its name.
 */
export const maxNames = 2000;
const names = new Map<string, string>();

export function statementName(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined || names.size >= maxNames) return known;
  const name = `cw${names.size.toString(36)}`;
  names.set(text, name);
  return name;
}

interface QueryConfigLike {
  text?: unknown;
  name?: unknown;
  values?: unknown;
}

export class NamingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's overloads are passed through untouched
  override query(...args: any[]): any {
    const [config, values] = args as [unknown, unknown];
    if (typeof config === "string" && Array.isArray(values) && values.length > 0) {
      const name = statementName(config);
      if (name !== undefined) args[0] = { text: config, name };
    } else if (typeof config === "object" && config !== null && !("submit" in config)) {
      const query = config as QueryConfigLike;
      const params = Array.isArray(values) ? values : query.values;
      if (
        typeof query.text === "string" &&
        query.name === undefined &&
        Array.isArray(params) &&
        params.length > 0
      ) {
        const name = statementName(query.text);
        if (name !== undefined) args[0] = { ...query, name };
      }
    }
    // biome-ignore lint/suspicious/noExplicitAny: see above
    return (super.query as (...a: any[]) => any)(...args);
  }
}

/**
 * A client that prepares nothing on the server: names are dropped, so every statement is parsed
 * as it comes (for a connection pooler that cannot carry prepared statements across connections).
 */
export class UnnamedClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's overloads are passed through untouched
  override query(...args: any[]): any {
    const config = args[0] as unknown;
    if (typeof config === "object" && config !== null && !("submit" in config) && "name" in config) {
      args[0] = { ...config, name: undefined };
    }
    // biome-ignore lint/suspicious/noExplicitAny: see above
    return (super.query as (...a: any[]) => any)(...args);
  }
}
