import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
// `npx vite --config web/storefront/vite.config.ts` proxies the API to a server started by `npm start`.
const api = process.env.CARTWRIGHT_API ?? "http://localhost:3000";

export default defineConfig({
  root,
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // React alone is ~190 kB minified (~60 kB gzipped); warn well before the ~150 kB gzipped budget.
    chunkSizeWarningLimit: 300,
  },
  server: { proxy: { "/store": api, "/admin": api } },
});
