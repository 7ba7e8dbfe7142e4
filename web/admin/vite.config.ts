import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
// `npx vite --config web/admin/vite.config.ts` proxies the Admin API to a server started by `npm start`.
const api = process.env.CARTWRIGHT_API ?? "http://localhost:3000";

export default defineConfig({
  root,
  // Served by the API server at /admin (src/http/static.routes.ts); assets live under /admin/assets.
  base: "/admin/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: {
      // Page loads (text/html) stay with Vite; API calls (fetch with a Bearer key) go to the server.
      "/admin/": {
        target: api,
        bypass: (req) => ((req.headers.accept ?? "").includes("text/html") ? req.url : undefined),
      },
    },
  },
});
