import { isIP } from "node:net";

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Why a webhook URL is refused, or undefined when it is fine. HTTPS only, except plain HTTP to
 * this machine for development. Literal private and link-local addresses are refused: the
 * server would otherwise post (with our signature) into the operator's own network, e.g. a
 * cloud metadata endpoint. Host names are not resolved here (see decision 014).
 */
export function endpointUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute URL";
  }
  if (url.username || url.password) return "must not contain credentials";
  if (url.hash) return "must not contain a fragment";
  const loopback = loopbackHosts.has(url.hostname);
  if (url.protocol === "http:" && !loopback) return "must use https (http only for localhost or 127.0.0.1)";
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must use https";
  if (!loopback && isPrivateAddress(url.hostname)) return "must not point at a private or link-local address";
  return undefined;
}

function isPrivateAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "");
  if (isIP(bare) === 4) {
    const [a = 0, b = 0] = bare.split(".").map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (isIP(bare) === 6) {
    const lower = bare.toLowerCase();
    return (
      lower === "::" ||
      lower === "::1" ||
      /^f[cd]/.test(lower) ||
      /^fe[89ab]/.test(lower) ||
      lower.startsWith("::ffff:")
    );
  }
  return false;
}
