import { defineConfig } from 'vitest/config';

// Many tests run the real CLI, bmake/clang builds or host-compiled harnesses: on a loaded
// 2-core machine one such step can take several seconds, so the 5 s default is too tight.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
