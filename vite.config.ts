import { defineConfig, type Plugin } from 'vite';

/**
 * Lit's `css` literals ship as written; in every build their comments and indentation go. Only
 * the style modules are touched, and they hold plain CSS (no interpolations), so nothing else can change.
 */
function minifyStyles(): Plugin {
  return {
    name: 'minify-styles',
    transform(code, id) {
      if (!/\.styles\.ts$/.test(id)) return undefined;
      return code.replace(/css`([^`]*)`/g, (_, body: string) => {
        const min = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};])\s*/g, '$1')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${min}\``;
      });
    },
  };
}

/**
 * The single-file bundle carries English alone: every other language's table is a chunk, and a
 * bundle has none. `load-locale.ts` is swapped for its stand-in, which says so when one is chosen.
 */
function englishOnly(): Plugin {
  return {
    name: 'english-only',
    enforce: 'pre',
    resolveId(source, importer, options) {
      if (!/\/load-locale\.js$/.test(source)) return undefined;
      return this.resolve(source.replace(/\.js$/, '.bundle.js'), importer, { ...options, skipSelf: true });
    },
  };
}

/**
 * Four builds.
 * - `vite build`: the library, ES modules with lit and xstate left as imports so an app that already
 *   has them loads one copy; one file per source module, the conversation part imported when first needed.
 * - `vite build --mode cdn`: `dist/cdn/`, self-contained and minified: `genesys-chat.js`, the launcher a
 *   page loads, and beside it the chunks it imports later, found relative to it (`import.meta.url`), so a
 *   copy of the folder on any host works from one `<script type="module">`.
 * - `vite build --mode bundle`: everything in one file, `dist/genesys-chat.bundle.js`, for those who
 *   can only host a single file; in English only (see `englishOnly`).
 * - `vite build --mode iife`: the same single file as a classic script, `dist/genesys-chat.iife.js`, for
 *   a CMS whose paste box drops `type="module"` (where a module fails with "Cannot use import statement outside a module").
 */
export default defineConfig(({ mode }) => {
  const cdn = mode === 'cdn';
  const iife = mode === 'iife';
  const bundle = mode === 'bundle' || iife;
  const library = !cdn && !bundle;
  return {
    plugins: [minifyStyles(), ...(bundle ? [englishOnly()] : [])],
    build: {
      target: 'es2022',
      outDir: cdn ? 'dist/cdn' : 'dist',
      emptyOutDir: library || cdn,
      // Written for the profiler (bench/) but not linked from the files: the package ships without maps.
      sourcemap: 'hidden',
      minify: !library,
      lib: library
        ? { entry: { index: 'src/index.ts', 'genesys-chat': 'src/genesys-chat.ts' }, formats: ['es'] }
        : iife
          ? { entry: 'src/genesys-chat.ts', formats: ['iife'], name: 'GenesysChat', fileName: () => 'genesys-chat.iife.js' }
          : { entry: 'src/genesys-chat.ts', formats: ['es'], fileName: () => (bundle ? 'genesys-chat.bundle.js' : 'genesys-chat.js') },
      rolldownOptions: {
        external: library ? [/^lit($|\/)/, /^@lit\//, /^xstate($|\/)/] : [],
        output: {
          ...(library ? {} : { minify: true }),
          // The library keeps one file per module, beside its .d.ts: an app's bundler then leaves out every
          // module it does not use (only dist/genesys-chat.js has side effects), so `resolveEndpoint` alone brings no Lit.
          ...(library ? { preserveModules: true, preserveModulesRoot: 'src' } : {}),
          ...(bundle ? { codeSplitting: false } : library ? {} : { chunkFileNames: '[name]-[hash].js' }),
        },
      },
    },
  };
});
