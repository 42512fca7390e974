import { defineConfig } from 'vite';

/**
 * Three builds.
 * - `vite build`: the library, ES modules with lit and xstate left as imports so an app that already
 *   has them loads one copy; the conversation part is a chunk the element imports when first needed.
 * - `vite build --mode cdn`: `dist/cdn/`, self-contained and minified: `genesys-chat.js`, the launcher a
 *   page loads, and beside it the chunks it imports later, found relative to it (`import.meta.url`), so a
 *   copy of the folder on any host works from one `<script type="module">`.
 * - `vite build --mode bundle`: everything in one file, `dist/genesys-chat.bundle.js`, for those who
 *   can only host a single file.
 */
export default defineConfig(({ mode }) => {
  const cdn = mode === 'cdn';
  const bundle = mode === 'bundle';
  const library = !cdn && !bundle;
  return {
    build: {
      target: 'es2022',
      outDir: cdn ? 'dist/cdn' : 'dist',
      emptyOutDir: library || cdn,
      sourcemap: true,
      minify: !library,
      lib: library
        ? { entry: { index: 'src/index.ts', 'genesys-chat': 'src/genesys-chat.ts' }, formats: ['es'] }
        : { entry: 'src/genesys-chat.ts', formats: ['es'], fileName: () => (bundle ? 'genesys-chat.bundle.js' : 'genesys-chat.js') },
      rolldownOptions: {
        external: library ? [/^lit($|\/)/, /^@lit\//, /^xstate($|\/)/] : [],
        output: {
          ...(library ? {} : { minify: true }),
          ...(bundle ? { codeSplitting: false } : { chunkFileNames: cdn ? '[name]-[hash].js' : 'chunks/[name]-[hash].js' }),
        },
      },
    },
  };
});
