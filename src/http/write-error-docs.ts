import { writeFileSync } from "node:fs";
import { errorCatalog } from "./problem.ts";

/** `npm run docs:errors`: writes docs/errors.md from the one error catalog. */
export function renderErrorDocs(): string {
  const rows = Object.entries(errorCatalog)
    .map(([code, [status, title]]) => `| \`${code}\` | ${status} | ${title} |`)
    .join("\n");
  return `# Error codes

Every error is an RFC 9457 \`application/problem+json\` body:
\`{ type, title, status, code, detail, instance?, errors?: [{ field, code, message }], …facts }\`.
\`code\` is the contract; \`detail\` is for people and may change. Generated from
\`src/http/problem.ts\` by \`npm run docs:errors\`.

| code | status | meaning |
|---|---|---|
${rows}
`;
}

if (import.meta.url === `file://${process.argv[1]}`) writeFileSync("docs/errors.md", renderErrorDocs());
