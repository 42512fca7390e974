import { defineConfig } from 'vite';

// Only the browser's part is bundled: the page itself comes from server.mjs.
export default defineConfig({
  build: {
    rollupOptions: { input: 'src/client.js', output: { entryFileNames: 'client.js' } },
  },
});
