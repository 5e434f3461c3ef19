// ESLint flat config. Type-aware rules for all TypeScript; orchestrator code is additionally
// held to determinism (no I/O, clocks or randomness), as Temporal does for workflow files.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { builtinModules } from "node:module";

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

// The orchestration inbox (orchestrations/events/inbox.ts) is the one place allowed to wait for
// external events: a raw wait that loses a Task.any race keeps taking events that are then lost.
const INBOX = "orchestrations/events/inbox.ts";
const newDateNow = { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "Use context.df.currentUtcDateTime." };
const rawEventWait = {
  selector:
    ":matches(MemberExpression[property.name='waitForExternalEvent'], MemberExpression[property.value='waitForExternalEvent'], Property[key.name='waitForExternalEvent'])",
  message: `Wait for events through the orchestration inbox (waitForEvents / inboxOf in ${INBOX}): a raw waitForExternalEvent loses events.`,
};

export default tseslint.config(
  { ignores: ["dist/**", ".deploy/**", "node_modules/**", "coverage/**", ".local-data/**"] },
  js.configs.recommended,
  {
    files: ["**/*.ts"],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      "no-console": "off",
    },
  },
  {
    // Durable orchestrators replay: every decision must come from history, never from the world.
    files: ["orchestrations/**/*.ts"],
    ignores: ["orchestrations/activities/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: nodeBuiltins.map((name) => ({ name, message: "Orchestrators must not do I/O: move it into an activity." })),
          patterns: [
            { group: ["@octokit/*", "@azure/*", "!@azure/functions", "@kubernetes/*", "better-sqlite3", "isomorphic-git", "axios", "undici"], message: "Orchestrators must not use SDKs or clients: call an activity." },
            { group: ["**/shared/**/adapters/**", "**/local/**"], message: "Orchestrators must not reach adapters or the local host: call an activity." },
            { group: ["@opentelemetry/*", "**/shared/telemetry/*", "!**/shared/telemetry/carrier.js"], message: "Orchestrators replay: spans and logs come from activities and doors (shared/telemetry); orchestrators only carry the trace (carrier.js)." },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "fetch", message: "Use an activity for HTTP." },
        { name: "setTimeout", message: "Use context.df.createTimer." },
        { name: "setInterval", message: "Use context.df.createTimer." },
        { name: "process", message: "Settings reach orchestrators through their input." },
        { name: "crypto", message: "Randomness breaks replay: use context.df.newGuid." },
      ],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "Use context.df.currentUtcDateTime." },
        { object: "Math", property: "random", message: "Randomness breaks replay: use context.df.newGuid." },
      ],
      "no-restricted-syntax": ["error", newDateNow, rawEventWait],
    },
  },
  {
    files: [INBOX],
    rules: { "no-restricted-syntax": ["error", newDateNow] },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly" },
    },
  },
);
