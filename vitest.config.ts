import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file gets its own process: the local host installs a process-wide require hook
    // (like the real Node worker does) and tests must not see each other's registrations.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
