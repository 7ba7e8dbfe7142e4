import type { Problem } from "./types.ts";

const keyStorage = "cartwright.admin.key";

/** The API key lives in sessionStorage: it survives reloads and ends with the tab. */
export const apiKeyStore = {
  get: (): string | null => sessionStorage.getItem(keyStorage),
  set: (key: string) => sessionStorage.setItem(keyStorage, key),
  clear: () => sessionStorage.removeItem(keyStorage),
};

/** A problem+json answer, or a network failure dressed as one, thrown by every call. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail);
    this.name = "ApiProblem";
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
  }

  /** Anything a call threw, as a problem to show: a bug in the page reads as a client error. */
  static from(error: unknown): ApiProblem {
    return error instanceof ApiProblem
      ? error
      : new ApiProblem({ status: 0, code: "client_error", detail: String(error) });
  }
}

/** Called when the server refuses the key (401): the app goes back to the sign-in screen. */
let onUnauthorized: () => void = () => undefined;
export const setUnauthorizedHandler = (handler: () => void) => {
  onUnauthorized = handler;
};

interface CallOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  idempotencyKey?: string;
  /** Use this key instead of the stored one (the sign-in check). */
  key?: string;
  signal?: AbortSignal;
}

function urlOf(path: string, query?: CallOptions["query"]): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {}))
    if (value !== undefined && value !== "") params.set(name, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function send(path: string, options: CallOptions, accept: string): Promise<Response> {
  const key = options.key ?? apiKeyStore.get() ?? "";
  const headers: Record<string, string> = { accept, authorization: `Bearer ${key}` };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(urlOf(path, options.query), {
      method: options.method ?? "GET",
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiProblem({
      status: 0,
      code: "network_error",
      detail: "The server could not be reached. Check your connection and try again.",
    });
  }
  if (res.ok) return res;
  const problem = await readProblem(res);
  if (res.status === 401 && options.key === undefined) onUnauthorized();
  throw new ApiProblem(problem);
}

async function readProblem(res: Response): Promise<Problem> {
  try {
    const body = (await res.json()) as Partial<Problem>;
    if (typeof body.code === "string")
      return { ...body, status: res.status, code: body.code, detail: body.detail ?? res.statusText };
  } catch {
    // Not JSON: a proxy's error page; described below.
  }
  return { status: res.status, code: "http_error", detail: `The server answered ${res.status}.` };
}

/** A JSON call to the Admin API with the signed-in key. */
export async function api<T>(path: string, options: CallOptions = {}): Promise<T> {
  const res = await send(path, options, "application/json");
  // 204 No Content (a delete) has no body to parse.
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** A binary download (receipt, label) as a Blob; the key goes in a header, never in a URL. */
export async function download(path: string): Promise<Blob> {
  const res = await send(path, {}, "application/pdf");
  return res.blob();
}

/** Path segment escaping for ids typed by people (SKUs, gift-card ids). */
export const seg = (value: string) => encodeURIComponent(value);

export const newIdempotencyKey = () => crypto.randomUUID();
