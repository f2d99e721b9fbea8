import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The web app, served by the API at /app (same origin: the session cookie carries the sign-in).
export default defineConfig({
  root: import.meta.dirname,
  base: '/app/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: resolve(import.meta.dirname, '../../dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // React Query's "use client" markers mean nothing in a single-page app.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  server: { proxy: { '^/(auth|me|grants|micro-grants|territories|associations|binomes|notifications|calls|accounts)': 'http://localhost:3000' } },
});
