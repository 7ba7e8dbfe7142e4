/**
 * The house rules of DESIGN.md as checks: a module is entered only through its index.ts, leaf
 * layers never reach up, and nothing forms a cycle.
 */
module.exports = {
  forbidden: [
    {
      name: "module-internals",
      comment: "Import another module only through its index.ts (one front door per module).",
      severity: "error",
      from: { path: "^src/modules/([^/]+)/" },
      to: { path: "^src/modules/([^/]+)/", pathNot: ["^src/modules/$1/", "^src/modules/[^/]+/index\\.ts$"] },
    },
    {
      name: "outside-into-module-internals",
      comment: "app/, http/ and tests use modules through their index.ts.",
      severity: "error",
      from: { path: "^(src/app|src/http|src/main\\.ts|test|bench)" },
      to: { path: "^src/modules/[^/]+/(?!index\\.ts$)" },
    },
    {
      name: "shared-stays-leaf",
      comment: "shared/ holds no business rules: it never imports modules, http or app.",
      severity: "error",
      from: { path: "^src/shared/" },
      to: { path: "^src/(modules|http|app)/" },
    },
    {
      name: "modules-never-reach-app",
      comment: "Modules do not know the composition root.",
      severity: "error",
      from: { path: "^src/(modules|http)/" },
      to: { path: "^src/app/" },
    },
    {
      name: "http-does-not-know-modules",
      comment: "http/ is the Fastify edge; modules plug their routes into it, not the other way round.",
      severity: "error",
      from: { path: "^src/http/" },
      to: { path: "^src/modules/" },
    },
    {
      name: "calls-go-down",
      comment: "Leaf modules never call checkout (the orchestrator).",
      severity: "error",
      from: { path: "^src/modules/(?!checkout/)" },
      to: { path: "^src/modules/checkout/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "\\.test\\.ts$" },
  },
};
