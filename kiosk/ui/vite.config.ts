/**
 * Builds the three browser apps the station agent serves, from one design system:
 * index.html → kiosk at `/`, counter.html → counter console at `/counter`,
 * display.html → call display at `/display`. Output: kiosk/dist/ui (served by the agent).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  resolve: {
    // simple-keyboard's package main is an ES5 bundle with polyfills; its modern ES module is a
    // third of the size.
    alias: [{ find: /^simple-keyboard$/, replacement: 'simple-keyboard/build/index.modern.esm.js' }],
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/ui', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        counter: fileURLToPath(new URL('counter.html', import.meta.url)),
        display: fileURLToPath(new URL('display.html', import.meta.url)),
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/socket.io': { target: 'http://127.0.0.1:8080', ws: true },
    },
  },
});
